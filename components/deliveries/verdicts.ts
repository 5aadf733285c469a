// Every verdict a stored request can get (docs/api.md, "Webhooks") and how loudly to show it:
// green ran, grey handled without a run, amber "slow down", red refused.
export const verdicts = [
  "accepted",
  "duplicate",
  "stale_event",
  "filtered",
  "sample",
  "rate_limited",
  "bad_signature",
  "stale",
  "malformed",
  "too_large",
  "bad_method",
  "too_many_headers",
  "not_published",
  "config_error",
] as const;

export type VerdictTone = "ok" | "neutral" | "warning" | "rejected";

// stale_event: an older event for an object after a newer one (the stale-event guard), not a fault.
const neutral = new Set(["duplicate", "stale_event", "filtered", "sample"]);

export function verdictTone(verdict: string): VerdictTone {
  if (verdict === "accepted") return "ok";
  if (neutral.has(verdict)) return "neutral";
  if (verdict === "rate_limited") return "warning";
  return "rejected";
}
