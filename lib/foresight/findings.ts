// The conditions foresight found per flow (ForesightFinding rows) and the alert throttle. Every
// decision that sends something is a compare-and-set on one row (an updateMany whose count says
// who won), so of several app instances evaluating the same flow at once exactly one sends: the
// alert (at most once per flow and condition per hour), the recovery message (once, when an
// alerted condition ends) and the daily digest.
import "server-only";
import { getDb } from "@/lib/db";

export const ALERT_EVERY_MS = 3_600_000;
export const DIGEST_EVERY_MS = 86_400_000;

export type Condition = { key: string; kind: "drift" | "health"; message: string; since: Date; detail: unknown };

/** Opens (or re-opens) the flow's current conditions and closes the others; returns those it closed. */
export async function recordConditions(flowId: string, conditions: Condition[], now: Date) {
  const db = await getDb();
  const open = await db.foresightFinding.findMany({ where: { flowId, resolvedAt: null } });
  const current = new Set(conditions.map((c) => c.key));
  for (const c of conditions) {
    const data = { kind: c.kind, message: c.message, since: c.since, detail: JSON.stringify(c.detail) };
    const updated = await db.foresightFinding.updateMany({ where: { flowId, key: c.key, resolvedAt: null }, data });
    if (updated.count) continue;
    // Not open: re-open a closed one (a new episode, not alerted yet) or create it.
    const reopened = await db.foresightFinding.updateMany({
      where: { flowId, key: c.key, resolvedAt: { not: null } },
      data: { ...data, resolvedAt: null, alerted: false },
    });
    if (reopened.count) continue;
    await db.foresightFinding.create({ data: { flowId, key: c.key, ...data } }).catch((e: unknown) => {
      // Another instance created it at the same moment: it is open, which is what we wanted.
      if ((e as { code?: string }).code !== "P2002") throw e;
    });
  }
  const closed: { key: string; kind: string; message: string; alerted: boolean }[] = [];
  for (const f of open) {
    if (current.has(f.key)) continue;
    const { count } = await db.foresightFinding.updateMany({
      where: { flowId, key: f.key, resolvedAt: null },
      data: { resolvedAt: now },
    });
    // Only the instance that closed it reports it (its recovery message).
    if (count) closed.push({ key: f.key, kind: f.kind, message: f.message, alerted: f.alerted });
  }
  return closed;
}

/** Claims the right to alert about an open condition now; false when it was alerted in the last hour. */
export async function claimAlert(flowId: string, key: string, now: Date): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.foresightFinding.updateMany({
    where: {
      flowId,
      key,
      resolvedAt: null,
      OR: [{ lastAlertAt: null }, { lastAlertAt: { lte: new Date(now.getTime() - ALERT_EVERY_MS) } }],
    },
    data: { lastAlertAt: now, alerted: true },
  });
  return count === 1;
}

/** Claims the flow's daily digest; false when one went out in the last 24 h. */
export async function claimDigest(flowId: string, now: Date): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.foresightDigest.updateMany({
    where: { flowId, lastSentAt: { lte: new Date(now.getTime() - DIGEST_EVERY_MS) } },
    data: { lastSentAt: now },
  });
  if (count) return true;
  try {
    await db.foresightDigest.create({ data: { flowId, lastSentAt: now } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false; // it exists: sent recently, or by another instance
    throw e;
  }
}

export async function openFindings(flowId: string) {
  const db = await getDb();
  return db.foresightFinding.findMany({ where: { flowId, resolvedAt: null }, orderBy: { since: "asc" } });
}
