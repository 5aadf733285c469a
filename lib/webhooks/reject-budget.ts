// Budgets for what an outsider can make Hookline store. Anyone who learns a webhook URL (it is
// pasted into third-party dashboards) can post to it, and every rejected request used to be
// stored whole: 60 × 1 MB with a bad signature grew the data directory by 120 MB. Now a rejected
// delivery counts against its source address and its flow, in fixed windows kept in the database
// (table RejectCounter; every app instance shares them): within both budgets it is stored with
// its first 4 KB of body; past either, the answer is 429 with Retry-After and only the flow's
// "dropped" counter grows. The counting is done by the group commit's writers, in the batch's
// own transaction (SQLite) or beside it (PostgreSQL), and only for batches holding a rejection:
// the accepted path gains no round trip and no work.
//
// Order: the address first; a request refused for its address does not use up the flow's budget
// (so one noisy address cannot take the budget from the flow's other senders), but is counted
// as dropped on the flow, which is what the request log shows.
import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { Verdict } from "./inspect";

/** What of a rejected body is stored: enough to see what was sent, never a disk's worth. */
export const REJECTED_BODY_BYTES = 4096;

/** How long counter rows are kept: long enough for the request log's 24-hour figure. */
const KEEP_MS = 2 * 86_400_000;

export type RejectBudget = {
  /**
   * The counter scopes: "address:<ip>" (IPv6: its /64; null when not known) and the flow's:
   * "flow:<id>" for its live URL, "sample:<id>" for its test URL, so a flood of bad requests to
   * the live URL (anyone who has it) cannot make the editor's test samples answer 429.
   */
  address: string | null;
  flow: string;
  perAddress: number;
  perFlow: number;
  windowMs: number;
};

// Rejections an outsider can cause without the flow's secret (not_published and config_error too:
// they are stored for anyone). Stored cut to REJECTED_BODY_BYTES.
const REJECTIONS: ReadonlySet<Verdict> = new Set([
  "bad_signature",
  "stale",
  "malformed",
  "too_large",
  "bad_method",
  "too_many_headers",
  "not_published",
  "config_error",
]);

export const isRejection = (verdict: Verdict) => REJECTIONS.has(verdict);

/**
 * What counts against the budgets: rejections, and test-URL samples (the test URL verifies but
 * has no token bucket, so whoever learns it could otherwise store 1 MB samples without end; a
 * sample is kept whole, the editor maps from it). Not counted: verdicts of verified live senders
 * (accepted, duplicate, filtered; rate_limited is the flow's own token bucket).
 */
export const isBudgeted = (verdict: Verdict) => verdict === "sample" || REJECTIONS.has(verdict);

/**
 * The address a budget counts against. IPv6 by its /64: one subscriber usually holds a whole /64,
 * so counting single addresses would give an attacker 2^64 budgets. IPv4-mapped IPv6 is the IPv4.
 */
export function budgetAddress(ip: string | null): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `address:${mapped[1]}`;
  if (!ip.includes(":")) return `address:${ip}`;
  return `address:${ipv6Prefix64(ip.split("%")[0]!.toLowerCase())}`;
}

function ipv6Prefix64(ip: string): string {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export function rejectBudget(flowId: string, sourceIp: string | null, url: "live" | "test" = "live"): RejectBudget {
  const e = env();
  return {
    address: budgetAddress(sourceIp),
    flow: url === "test" ? sampleScope(flowId) : flowScope(flowId),
    perAddress: e.HOOKLINE_REJECTED_PER_ADDRESS,
    perFlow: e.HOOKLINE_REJECTED_PER_FLOW,
    windowMs: e.HOOKLINE_REJECTED_WINDOW_S * 1000,
  };
}

export const flowScope = (flowId: string) => `flow:${flowId}`;
export const sampleScope = (flowId: string) => `sample:${flowId}`;

/** The start of the window `now` falls in, and the whole seconds until it ends (at least 1). */
export function budgetWindow(now: number, windowMs: number): { start: number; retryAfterS: number } {
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, retryAfterS: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/** What the request log's reason gains when a body of `size` bytes was stored cut. */
export const cutNote = (size: number) => ` (body stored cut to its first ${REJECTED_BODY_BYTES} of ${size} bytes)`;

/** The stored part of a rejected body and the note the request log shows when it was cut. */
export function storedRejectedBody(
  body: Uint8Array,
  reason: string | undefined,
): { body: Uint8Array; reason: string | undefined } {
  if (body.length <= REJECTED_BODY_BYTES) return { body, reason };
  return { body: body.subarray(0, REJECTED_BODY_BYTES), reason: `${reason ?? "Rejected"}${cutNote(body.length)}` };
}

/** Requests to the flow's URLs (live and test) refused with 429 and not stored, over the last 24 hours. */
export async function rejectedNotStored(flowId: string, now = Date.now()): Promise<{ count: number; since: string }> {
  const since = new Date(now - 86_400_000);
  const db = await getDb();
  const sum = await db.rejectCounter.aggregate({
    where: { scope: { in: [flowScope(flowId), sampleScope(flowId)] }, windowStart: { gte: since } },
    _sum: { dropped: true },
  });
  return { count: sum._sum.dropped ?? 0, since: since.toISOString() };
}

/** Deletes counter rows past their use (called by the retention sweep). */
export async function sweepRejectCounters(now = Date.now()): Promise<number> {
  const db = await getDb();
  return (await db.rejectCounter.deleteMany({ where: { windowStart: { lt: new Date(now - KEEP_MS) } } })).count;
}
