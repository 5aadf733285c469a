// Per-node run settings, stored at `node.data.settings` of the flow definition (browser-safe).
// Every field is optional in the stored document; `effectiveNodeSettings` fills in the defaults.
//   retries   how many times a failed attempt is retried (0–20; default 4), exponential backoff
//   timeoutMs an attempt that takes longer fails (and is retried) — default: the kind's own limit
//   onError   what a failure left after the last retry does:
//             "fail" (default) the run fails (and the flow's failure alert is sent)
//             "continue"       the error becomes the node's output ({ error: { name, message } }) and the run goes on
//             "stop"           the run stops here quietly: no further node starts, the run is "succeeded"
import { z } from "zod";

export const MAX_NODE_RETRIES = 20;
export const DEFAULT_NODE_RETRIES = 4;

export const onErrorOptions = [
  { value: "fail", label: "Fail the run", description: "The run fails and the flow's failure alert is sent." },
  { value: "continue", label: "Continue", description: "The error becomes this node's output and the next nodes run." },
  { value: "stop", label: "Stop the run", description: "No further node runs; the run ends without failing." },
] as const;

export type OnError = (typeof onErrorOptions)[number]["value"];

export const nodeSettingsSchema = z.object({
  retries: z.number().int().min(0).max(MAX_NODE_RETRIES).optional(),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(24 * 3600_000)
    .optional(),
  onError: z.enum(["fail", "continue", "stop"]).optional(),
});

export type NodeSettings = z.output<typeof nodeSettingsSchema>;
export type EffectiveNodeSettings = { retries: number; timeoutMs?: number; onError: OnError };

export const defaultNodeSettings: EffectiveNodeSettings = { retries: DEFAULT_NODE_RETRIES, onError: "fail" };

export function effectiveNodeSettings(settings: NodeSettings | undefined): EffectiveNodeSettings {
  return {
    retries: settings?.retries ?? DEFAULT_NODE_RETRIES,
    ...(settings?.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    onError: settings?.onError ?? "fail",
  };
}
