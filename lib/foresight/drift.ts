// Drift of referenced fields, from the shape sample of one flow and event type (newest last):
// a field the flow reads that was nearly always there and is missing from the latest deliveries,
// that nearly always had one JSON type and now has another, or that was nearly never there and now
// always is. "Latest" is the last RECENT deliveries, all of them: one odd delivery is not drift.
// Also the presence figures the editor's data picker shows. Pure and browser-safe.
import type { JsonType, Shape } from "./shape";

export type ShapeSample = { receivedAt: Date; shape: Shape };

export type DriftChange = "missing" | "retyped" | "added";

export type Drift = {
  eventType: string;
  path: string;
  change: DriftChange;
  /** When the current run of changed deliveries began (the first of them). */
  since: Date;
  before: { present: number; of: number; type: JsonType | null };
  now: { type: JsonType | null };
};

export type Presence = { present: number; of: number; types: Partial<Record<JsonType, number>> };

/** How many of the latest deliveries must all show the change. */
export const RECENT = 3;
/** Deliveries before those that the "before" figures need. */
export const MIN_BEFORE = 10;
/** "Nearly always": the share of deliveries before that had the field (or its usual type). */
export const USUAL = 0.9;

export function presenceOf(samples: ShapeSample[], path: string): Presence {
  const p: Presence = { present: 0, of: samples.length, types: {} };
  for (const s of samples) {
    const t = s.shape[path];
    if (t === undefined) continue;
    p.present++;
    p.types[t] = (p.types[t] ?? 0) + 1;
  }
  return p;
}

/** Every path of the sample with its presence (the picker's "missing in 3 of the last 100"). */
export function presenceTable(samples: ShapeSample[]): Record<string, Presence> {
  const paths = new Set<string>();
  for (const s of samples) for (const p of Object.keys(s.shape)) paths.add(p);
  return Object.fromEntries([...paths].map((p) => [p, presenceOf(samples, p)]));
}

function dominant(types: Presence["types"], present: number): JsonType | null {
  for (const [t, n] of Object.entries(types)) if (present && n / present >= USUAL) return t as JsonType;
  return null;
}

/** `samples` oldest first. */
export function driftOf(eventType: string, samples: ShapeSample[], referenced: string[]): Drift[] {
  if (samples.length < MIN_BEFORE + RECENT) return [];
  const recent = samples.slice(-RECENT);
  const before = samples.slice(0, -RECENT);
  const found: Drift[] = [];
  for (const path of referenced) {
    const b = presenceOf(before, path);
    const usualType = dominant(b.types, b.present);
    const share = b.present / b.of;
    const types = recent.map((s) => s.shape[path]);
    // The first delivery of the trailing run (newest backwards) for which `changed` holds.
    const since = (changed: (t: JsonType | undefined) => boolean) => {
      let i = samples.length;
      while (i > 0 && changed(samples[i - 1]!.shape[path])) i--;
      return samples[i]!.receivedAt;
    };
    const base = { eventType, path, before: { present: b.present, of: b.of, type: usualType } };
    if (share >= USUAL && types.every((t) => t === undefined)) {
      found.push({ ...base, change: "missing", since: since((t) => t === undefined), now: { type: null } });
    } else if (
      share >= USUAL &&
      usualType &&
      types.every((t) => t !== undefined && t !== usualType) &&
      new Set(types).size === 1
    ) {
      found.push({
        ...base,
        change: "retyped",
        since: since((t) => t !== undefined && t !== usualType),
        now: { type: types[0]! },
      });
    } else if (share <= 1 - USUAL && types.every((t) => t !== undefined)) {
      found.push({ ...base, change: "added", since: since((t) => t !== undefined), now: { type: types[0]! } });
    }
  }
  return found;
}

export function driftMessage(d: Drift): string {
  const field = `trigger.body.${d.path}`;
  const event = d.eventType ? `${d.eventType} deliveries` : "deliveries";
  const since = d.since.toISOString().slice(0, 16).replace("T", " ");
  if (d.change === "missing")
    return `${field} is missing from ${event} since ${since} UTC (was in ${d.before.present} of ${d.before.of} before)`;
  if (d.change === "retyped")
    return `${field} is a ${d.now.type} in ${event} since ${since} UTC (was a ${d.before.type})`;
  return `${field} appears in ${event} since ${since} UTC (was in ${d.before.present} of ${d.before.of} before)`;
}
