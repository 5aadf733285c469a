// The data picker's stand-in until the flow's test URL has captured a request: the chosen sender
// preset's example delivery (lib/webhooks/verify/samples), so fields can be mapped before the
// first real event. Labelled as an example; a captured sample always replaces it.
import { asRecord } from "./kinds";
import { verificationPresets, type VerificationPreset } from "@/lib/webhooks/verify/presets";
import { sampleTrigger, senderSamples } from "@/lib/webhooks/verify/samples";

export function presetSample(triggerConfig: unknown): { title: string; value: unknown } | null {
  const preset = asRecord(asRecord(triggerConfig).verification).preset;
  if (typeof preset !== "string" || !Object.hasOwn(verificationPresets, preset)) return null;
  const sample = senderSamples[preset as VerificationPreset]?.[0];
  if (!sample) return null;
  const label = verificationPresets[preset as VerificationPreset].label;
  return { title: `Trigger (${label} example: ${sample.event}; nothing captured yet)`, value: sampleTrigger(sample) };
}
