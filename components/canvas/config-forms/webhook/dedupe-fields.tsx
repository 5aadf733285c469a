"use client";

// Dropping redeliveries: by the sender's own delivery id (what the preset knows), a JSON field, a
// header, or not at all; and for how long an id is remembered.
import { TextField } from "@/components/credentials/text-field";
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { asRecord } from "../../kinds";
import { num, patchIn, str, type SectionProps } from "./config-access";
import { NumberField } from "./number-field";
import { SelectField } from "./select-field";
import { presetOf } from "./verification-fields";
import { verificationPresets, type PresetInfo } from "@/lib/webhooks/verify/presets";

type By = "preset" | "json" | "header" | "off";

const byOptions: { value: By; label: string }[] = [
  { value: "preset", label: "The sender's delivery id" },
  { value: "json", label: "A JSON field of the body" },
  { value: "header", label: "A header" },
  { value: "off", label: "Off (keep every delivery)" },
];

export function DedupeFields({ config, onChange, errors }: SectionProps) {
  const dedupe = asRecord(config.dedupe);
  const by = str(dedupe.by, "preset") as By;
  const set = (patch: Record<string, unknown>) => onChange(patchIn(config, "dedupe", patch));
  // Presets whose senders send a stable delivery id (presets.ts `identity`; delivery-identity.ts).
  const presetHint = (verificationPresets[presetOf(config)] as PresetInfo).identity
    ? "Uses the id the sender puts on each delivery (a retry carries the same id)."
    : "This verification has no delivery id of its own: choose a JSON field or a header, or nothing is deduplicated.";

  return (
    <>
      <SelectField
        label={labels["dedupe.by"]}
        value={by}
        options={byOptions}
        onChange={(next) => set({ by: next })}
        error={errors.get("dedupe.by")}
        hint={by === "preset" ? presetHint : undefined}
      />
      {by === "json" && (
        <TextField
          label={labels["dedupe.path"]}
          mono
          value={str(dedupe.path)}
          onChange={(path) => set({ path })}
          placeholder="data.id"
          error={errors.get("dedupe.path")}
        />
      )}
      {by === "header" && (
        <TextField
          label={labels["dedupe.header"]}
          mono
          value={str(dedupe.header)}
          onChange={(header) => set({ header })}
          placeholder="X-Request-Id"
          error={errors.get("dedupe.header")}
        />
      )}
      {by !== "off" && (
        <NumberField
          label={labels["dedupe.windowHours"]}
          value={num(dedupe.windowHours)}
          onChange={(windowHours) => set({ windowHours })}
          placeholder={168}
          min={1}
          max={24 * 90}
          error={errors.get("dedupe.windowHours")}
          hint="A repeated id within this window is stored as a duplicate and starts no run."
        />
      )}
    </>
  );
}
