// Retention of run history: each workspace keeps runs and deliveries for `retentionDays`
// (default 30). A background sweep deletes older rows in small batches (each its own short
// transaction, with a pause between), so ingest and the run pages never wait behind a long
// delete. Only finished runs go: a held run waits for its flow to resume and a Delay may sleep
// for 365 days, whatever the retention. Steps and search tokens go with their run (ON DELETE
// CASCADE). A delivery still referenced by a run (an unfinished one, a newer replay) stays.
// Dedupe keys are not tied to deliveries: each lives exactly as long as its own window
// (expiresAt), whatever the retention.
import "server-only";
import { pruneRowOps } from "@/lib/tables/adjust";
import { getDb } from "@/lib/db";
import { errField, log } from "@/lib/observability/log";
import { idAt } from "@/lib/runs/sql";
import { sweepRejectCounters } from "@/lib/webhooks/reject-budget";
import { sweepLoginCounters } from "@/lib/auth/login-limit";

export const DEFAULT_RETENTION_DAYS = 30;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3_650;
const DAY = 86_400_000;
// The run statuses nothing follows (lib/engine/run-flow.ts FINAL_STATUSES).
const FINISHED_STATUSES = ["succeeded", "failed", "cancelled"] as const;

export async function getRetentionDays(workspaceId: string): Promise<number> {
  const db = await getDb();
  return (await db.historySetting.findUnique({ where: { workspaceId } }))?.retentionDays ?? DEFAULT_RETENTION_DAYS;
}

export async function setRetentionDays(workspaceId: string, days: number): Promise<number> {
  const db = await getDb();
  const row = await db.historySetting.upsert({
    where: { workspaceId },
    create: { workspaceId, retentionDays: days },
    update: { retentionDays: days },
  });
  return row.retentionDays;
}

export type SweepResult = { runs: number; deliveries: number; dedupeKeys: number; batches: number; rowOps?: number };

// Data-table idempotency records (lib/tables/adjust.ts) only need to outlive a step's retries.
const ROW_OP_KEEP_MS = 30 * 86_400_000;
type SweepOptions = { now?: number; batchSize?: number; pauseMs?: number };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deletes one workspace's runs and deliveries older than its retention, batch by batch. */
export async function sweepWorkspace(workspaceId: string, opts: SweepOptions = {}): Promise<SweepResult> {
  const db = await getDb();
  const now = opts.now ?? Date.now();
  const batch = opts.batchSize ?? 500;
  const cutoff = now - (await getRetentionDays(workspaceId)) * DAY;
  const out: SweepResult = { runs: 0, deliveries: 0, dedupeKeys: 0, batches: 0 };

  // One status at a time: each walk is the (workspaceId, status, id) index in order, and never
  // steps over the unfinished runs it keeps.
  for (const status of FINISHED_STATUSES) {
    for (;;) {
      const where = { workspaceId, status, id: { lt: idAt("run", cutoff) } };
      const ids = (await db.run.findMany({ where, orderBy: { id: "asc" }, take: batch, select: { id: true } })).map(
        (r) => r.id,
      );
      if (ids.length === 0) break;
      out.runs += (await db.run.deleteMany({ where: { id: { in: ids }, status } })).count;
      out.batches++;
      if (ids.length < batch) break;
      await pause(opts.pauseMs ?? 20);
    }
  }
  // Past the last batch only: the deliveries kept (a sleeping run's may be many) are walked once.
  for (let after = ""; ;) {
    const ids = (
      await db.delivery.findMany({
        // Only a delivery no run uses any more: not one whose run is unfinished (kept above) or
        // newer (a replay), nor one whose run is still to be created (its request would go with it).
        where: {
          workspaceId,
          id: { lt: idAt("dlv", cutoff), gt: after },
          runs: { none: {} },
          runRequest: { is: null },
        },
        orderBy: { id: "asc" },
        take: batch,
        select: { id: true },
      })
    ).map((d) => d.id);
    if (ids.length === 0) break;
    out.deliveries += (await db.delivery.deleteMany({ where: { id: { in: ids } } })).count;
    out.batches++;
    if (ids.length < batch) break;
    after = ids.at(-1)!;
    await pause(opts.pauseMs ?? 20);
  }
  return out;
}

/** Removes dedupe keys whose window has passed (shared by all workspaces: keys are per flow). */
export async function sweepExpiredDedupeKeys(now = Date.now()): Promise<number> {
  const db = await getDb();
  return (await db.dedupeKey.deleteMany({ where: { expiresAt: { lt: new Date(now) } } })).count;
}

/** Forgets data-table idempotency records older than 30 days (all workspaces). */
export function sweepDataRowOps(now = Date.now()): Promise<number> {
  return pruneRowOps(new Date(now - ROW_OP_KEEP_MS));
}

export async function sweepAll(opts: SweepOptions = {}): Promise<SweepResult> {
  const db = await getDb();
  const total: SweepResult = { runs: 0, deliveries: 0, dedupeKeys: 0, batches: 0 };
  for (const ws of await db.workspace.findMany({ select: { id: true } })) {
    const r = await sweepWorkspace(ws.id, opts);
    total.runs += r.runs;
    total.deliveries += r.deliveries;
    total.batches += r.batches;
  }
  total.dedupeKeys = await sweepExpiredDedupeKeys(opts.now);
  total.rowOps = await sweepDataRowOps(opts.now);
  await sweepRejectCounters(opts.now);
  await sweepLoginCounters(opts.now, opts.batchSize);
  return total;
}

type Loop = { timer?: NodeJS.Timeout; first?: NodeJS.Timeout; busy: boolean };
const g = globalThis as unknown as { __hooklineRetention?: Loop };

/** Sweeps a minute after start, then every `everyMs` (default hourly). */
export function startRetention(everyMs = 3_600_000) {
  if (g.__hooklineRetention) return;
  const loop: Loop = { busy: false };
  g.__hooklineRetention = loop;
  const tick = () => {
    if (loop.busy) return;
    loop.busy = true;
    sweepAll()
      .then(
        (r) =>
          r.runs + r.deliveries > 0 &&
          log("retention").info(
            { runs: r.runs, deliveries: r.deliveries, dedupeKeys: r.dedupeKeys },
            "removed runs and deliveries past their retention, and expired dedupe keys",
          ),
      )
      .catch((e) =>
        log("retention").error(errField(e), "the retention sweep failed; it runs again at the next interval"),
      )
      .finally(() => (loop.busy = false));
  };
  loop.first = setTimeout(tick, 60_000);
  loop.first.unref();
  loop.timer = setInterval(tick, everyMs);
  loop.timer.unref();
}

export function stopRetention() {
  const loop = g.__hooklineRetention;
  g.__hooklineRetention = undefined;
  if (loop?.first) clearTimeout(loop.first);
  if (loop?.timer) clearInterval(loop.timer);
}
