// Replays: a new Run with the same delivery, on the version the original ran (or its draft
// snapshot) or on the flow's latest published version, handed to the dispatcher like any queued
// run. The original is never touched. Bulk replay does the same for every run matching a filter,
// tagging the new runs with one batch id whose progress is a GROUP BY over that index.
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { kickRuns } from "./engine-link";
import { listRuns } from "./list-runs";
import type { RunFilter } from "@/lib/api/run-filter";
import type { BatchProgress } from "@/lib/api/run-history-dto";

export type ReplayVersion = "same" | "latest";

type Source = {
  id: string;
  flowId: string;
  workspaceId: string;
  flowVersionId: string | null;
  definition: string | null;
  deliveryId: string | null;
  eventType: string | null;
};

async function latestVersionId(flowId: string): Promise<string | null> {
  const db = await getDb();
  const v = await db.flowVersion.findFirst({ where: { flowId }, orderBy: { number: "desc" }, select: { id: true } });
  return v?.id ?? null;
}

function newRunRow(src: Source, version: ReplayVersion, latest: string | null, batchId: string | null) {
  if (!src.deliveryId)
    throw new ApiError("conflict", "This run has no stored delivery to replay (retention may have removed it)");
  const onLatest = version === "latest";
  if (onLatest && !latest) throw new ApiError("conflict", "The flow has no published version");
  return {
    id: newId("run"),
    workspaceId: src.workspaceId,
    flowId: src.flowId,
    flowVersionId: onLatest ? latest : src.flowVersionId,
    definition: onLatest ? null : src.definition,
    deliveryId: src.deliveryId,
    status: "queued",
    eventType: src.eventType,
    replayOfId: src.id,
    batchId,
  };
}

const sourceSelect = {
  id: true,
  flowId: true,
  workspaceId: true,
  flowVersionId: true,
  definition: true,
  deliveryId: true,
  eventType: true,
} as const;

export async function replayRun(
  workspaceId: string,
  runId: string,
  version: ReplayVersion,
): Promise<{ runId: string }> {
  const db = await getDb();
  const src = await db.run.findFirst({ where: { id: runId, workspaceId }, select: sourceSelect });
  if (!src) throw notFound("Run");
  const row = newRunRow(src, version, version === "latest" ? await latestVersionId(src.flowId) : null, null);
  await db.run.create({ data: row });
  kickRuns();
  return { runId: row.id };
}

export const BULK_MAX = 1_000;

/** Replays every run matching the filter (at most BULK_MAX); the new runs share a batch id. */
export async function bulkReplay(
  workspaceId: string,
  flowId: string | null,
  filter: RunFilter,
  version: ReplayVersion,
): Promise<{ batchId: string; total: number; skipped: number }> {
  const db = await getDb();
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRuns(workspaceId, flowId, { ...filter, cursor, limit: 100 });
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length < BULK_MAX);
  if (ids.length === 0) throw new ApiError("unprocessable", "No run matches this filter");
  const picked = ids.slice(0, BULK_MAX);
  const batchId = newId("batch");
  const latestByFlow = new Map<string, string | null>();
  let total = 0;
  let skipped = 0;
  for (let i = 0; i < picked.length; i += 100) {
    const sources = await db.run.findMany({
      where: { id: { in: picked.slice(i, i + 100) }, workspaceId },
      select: sourceSelect,
    });
    const rows = [];
    for (const src of sources) {
      if (version === "latest" && !latestByFlow.has(src.flowId))
        latestByFlow.set(src.flowId, await latestVersionId(src.flowId));
      if (!src.deliveryId || (version === "latest" && !latestByFlow.get(src.flowId))) {
        skipped++;
        continue;
      }
      rows.push(newRunRow(src, version, latestByFlow.get(src.flowId) ?? null, batchId));
    }
    if (rows.length) {
      await db.run.createMany({ data: rows });
      total += rows.length;
    }
  }
  kickRuns();
  return { batchId, total, skipped };
}

export async function batchProgress(workspaceId: string, batchId: string): Promise<BatchProgress> {
  const db = await getDb();
  const groups = await db.run.groupBy({ by: ["status"], where: { batchId, workspaceId }, _count: { _all: true } });
  if (groups.length === 0) throw notFound("Bulk replay");
  const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const total = groups.reduce((a, g) => a + g._count._all, 0);
  const finished = n("succeeded") + n("failed") + n("cancelled");
  return {
    batchId,
    total,
    finished,
    succeeded: n("succeeded"),
    failed: n("failed"),
    cancelled: n("cancelled"),
    active: total - finished,
    done: finished === total,
  };
}

/** Dry run: the same delivery through the flow's current draft, with `dryRun` set so the engine
 * records what each side-effecting node would send instead of sending it (docs/engine.md). */
export async function dryRunOnDraft(workspaceId: string, runId: string): Promise<{ runId: string }> {
  const db = await getDb();
  const src = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { ...sourceSelect, flow: { select: { draft: true } } },
  });
  if (!src) throw notFound("Run");
  const row = { ...newRunRow(src, "same", null, null), flowVersionId: null, definition: src.flow.draft, dryRun: true };
  await db.run.create({ data: row });
  kickRuns();
  return { runId: row.id };
}
