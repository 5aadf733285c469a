// Sleep durations as the SDK reports them in a Sleep op's `name`: "2s", "1h30m", "500ms", or an
// ISO date for sleepUntil.
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function wakeUpAt(spec: string, nowMs: number): number {
  if (/^\d{4}-\d\d-\d\dT/.test(spec)) {
    const at = Date.parse(spec);
    if (Number.isNaN(at)) throw new Error(`Unreadable sleep time "${spec}"`);
    return at;
  }
  let total = 0;
  let matched = "";
  for (const m of spec.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched += m[0];
  }
  if (matched.length === 0 || matched !== spec.replace(/\s+/g, ""))
    throw new Error(`Unreadable sleep duration "${spec}"`);
  return nowMs + total;
}
