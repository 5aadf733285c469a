// Run control for the run history (docs/engine.md): cancel a run, retry a failed run from its
// failure. Dry runs are a Run flag (`dryRun`) set by whoever creates the run (lib/runs/replay.ts).
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { errField, log } from "@/lib/observability/log";
import { getInngest } from "@/lib/inngest/client";
import { kickRuns } from "@/lib/runs/engine-link";
import { RUN_CANCEL } from "./events";
import { ACTIVE_STATUSES } from "./run-flow";

type Scope = { workspaceId?: string };

/**
 * Cancels a queued, held, running, sleeping or retrying run: the Run is marked cancelled at once
 * (a step in flight finishes; no further step starts: the function reads the Run's status at each
 * call, and before each step once a call has run CHECK_STATUS_AFTER_MS), a sleeping step is marked
 * cancelled, and `hookline/run.cancel` ends the function run in the executor right away (the
 * function declares cancelOn for it; the executor then refuses the call's next report of steps).
 */
export async function cancelRun(runId: string, scope: Scope = {}): Promise<{ runId: string; status: "cancelled" }> {
  const db = await getDb();
  const run = await db.run.findFirst({
    where: { id: runId, ...(scope.workspaceId ? { workspaceId: scope.workspaceId } : {}) },
    select: { status: true, dispatchedAt: true },
  });
  if (!run) throw notFound("Run");
  const now = new Date();
  const changed = await db.run.updateMany({
    where: { id: runId, status: { in: [...ACTIVE_STATUSES, "held"] } },
    data: { status: "cancelled", error: "Cancelled", finishedAt: now },
  });
  if (changed.count === 0)
    throw new ApiError(
      "conflict",
      `The run has already finished (${run.status}); only an unfinished run can be cancelled`,
    );
  await db.stepRun.updateMany({
    where: { runId, status: { in: ["sleeping", "running"] } },
    data: { status: "cancelled", finishedAt: now },
  });
  if (run.dispatchedAt) {
    try {
      await getInngest().send({ name: RUN_CANCEL, data: { runId } });
    } catch (e) {
      // The Run row is what the function checks before its steps: it stops at its next step anyway.
      log("engine").warn(
        { runId, ...errField(e) },
        "the run's cancel event was not sent; the run stops at its next step anyway",
      );
    }
  }
  return { runId, status: "cancelled" };
}

/**
 * Retry from failure: a new Run with the same delivery and version (or draft snapshot) whose steps
 * that succeeded in the failed run return their recorded outputs without acting again (recorded
 * with `reusedFromRunId`); the failed step and everything after it run for real.
 */
export async function retryFromFailure(runId: string, scope: Scope = {}): Promise<{ runId: string }> {
  const db = await getDb();
  const src = await db.run.findFirst({
    where: { id: runId, ...(scope.workspaceId ? { workspaceId: scope.workspaceId } : {}) },
    select: {
      id: true,
      workspaceId: true,
      flowId: true,
      flowVersionId: true,
      definition: true,
      deliveryId: true,
      eventType: true,
      status: true,
      dryRun: true,
    },
  });
  if (!src) throw notFound("Run");
  if (src.status !== "failed" && src.status !== "cancelled")
    throw new ApiError(
      "conflict",
      `Only a failed or cancelled run can be retried from its failure (this one is ${src.status})`,
    );
  if (!src.deliveryId)
    throw new ApiError("conflict", "This run has no stored delivery to retry (retention may have removed it)");
  const id = newId("run");
  await db.run.create({
    data: {
      id,
      workspaceId: src.workspaceId,
      flowId: src.flowId,
      flowVersionId: src.flowVersionId,
      definition: src.definition,
      deliveryId: src.deliveryId,
      eventType: src.eventType,
      status: "queued",
      dryRun: src.dryRun,
      retryOfRunId: src.id,
    },
  });
  kickRuns();
  return { runId: id };
}
