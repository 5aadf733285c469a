"use client";

// Flood control: the largest body accepted and a token bucket (a steady rate plus a burst).
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { asRecord } from "../../kinds";
import { num, patchIn, type SectionProps } from "./config-access";
import { NumberField } from "./number-field";

export function LimitFields({ config, onChange, errors }: SectionProps) {
  const rate = asRecord(config.rateLimit);
  const setRate = (patch: Record<string, unknown>) => onChange(patchIn(config, "rateLimit", patch));
  return (
    <>
      <NumberField
        label={labels.maxBodyKb}
        value={num(config.maxBodyKb)}
        onChange={(maxBodyKb) => onChange({ ...config, maxBodyKb })}
        placeholder={1024}
        min={1}
        max={10 * 1024}
        error={errors.get("maxBodyKb")}
        hint="Larger requests are refused with 413."
      />
      <NumberField
        label={labels["rateLimit.perSecond"]}
        value={num(rate.perSecond)}
        onChange={(perSecond) => setRate({ perSecond })}
        placeholder={100}
        min={0.1}
        max={100_000}
        step="any"
        error={errors.get("rateLimit.perSecond")}
      />
      <NumberField
        label={labels["rateLimit.burst"]}
        value={num(rate.burst)}
        onChange={(burst) => setRate({ burst })}
        placeholder={1000}
        min={1}
        max={1_000_000}
        error={errors.get("rateLimit.burst")}
        hint="Requests accepted at once above the steady rate; beyond that the sender gets 429 and retries."
      />
    </>
  );
}
