// The data picker's presence figures ("missing in 3 of the last 100") for the captured sample:
// the presence table of the sample's event type (the names senders use, as delivery-event-type.ts
// reads them), or the only table when the flow sees one event type. Pure and browser-safe.
import type { FieldPresence, FlowForesight } from "@/lib/api/foresight-dto";
import { shapePath } from "./shape";

type Sample = { headers?: Record<string, string>; body?: unknown };

function candidates(sample: Sample | undefined): string[] {
  const h = sample?.headers ?? {};
  const body = (sample?.body && typeof sample.body === "object" ? sample.body : {}) as Record<string, unknown>;
  const out = [h["x-shopify-topic"], h["x-github-event"], body.type, body.event];
  if (h["x-github-event"] && typeof body.action === "string") out.unshift(`${h["x-github-event"]}.${body.action}`);
  return out.filter((v): v is string => typeof v === "string" && v !== "");
}

export function presenceForSample(
  presence: FlowForesight["presence"],
  sample: Sample | undefined,
): FlowForesight["presence"][number] | null {
  for (const c of candidates(sample)) {
    const hit = presence.find((p) => p.eventType === c);
    if (hit) return hit;
  }
  return presence.length === 1 ? presence[0]! : null;
}

export function presenceLabel(p: FieldPresence | undefined, of: number): string {
  if (!p) return `missing in all of the last ${of}`;
  if (p.present === p.of) return `present in all of the last ${p.of}`;
  return `missing in ${p.of - p.present} of the last ${p.of}`;
}

/** The label for a picker path (["trigger","body",…]); null outside the body or without a table. */
export function pickerPresence(table: FlowForesight["presence"][number] | null, path: string[]): string | null {
  if (!table || path[0] !== "trigger" || path[1] !== "body" || path.length < 3) return null;
  return presenceLabel(table.fields[shapePath(path.slice(2))], table.of);
}
