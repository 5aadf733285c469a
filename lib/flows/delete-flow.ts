// Deleting a flow: the flow, its versions, its webhook URLs and its whole history (deliveries,
// runs, steps, search entries, dedupe keys, rate and rejection counters) go in one transaction.
// Unfinished runs (queued, running, sleeping, retrying) are in the executor's hands: deleting
// their rows under it would leave it calling a run that is gone. So the delete is refused with a
// 409 that counts them, unless the caller asks to cancel them first (`cancelRuns`): each is
// cancelled like the run page's Cancel (its cancel event ends the function run in the executor),
// then the flow goes. Held runs (a paused flow's) never reached the executor and go with the flow.
import "server-only";
import { z } from "zod";
import { ApiError, notFound } from "@/lib/api/errors";
import type { DeletionSummary } from "@/lib/api/flow-list-dto";
import { getDb } from "@/lib/db";
import { cancelRun } from "@/lib/engine/control";
import { ACTIVE_STATUSES } from "@/lib/engine/run-flow";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { flowScope, sampleScope } from "@/lib/webhooks/reject-budget";

/** DELETE /api/flows/:id?cancelRuns=true cancels the unfinished runs first. */
export const deleteFlowQuery = z.object({ cancelRuns: z.enum(["true", "false"]).optional() });

/** What a delete takes with it, for the confirmation dialog (and the answer of the delete). */
export async function deletionSummary(workspaceId: string, flowId: string): Promise<DeletionSummary> {
  const db = await getDb();
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true, name: true } });
  if (!flow) throw notFound("Flow");
  const [versions, urls, deliveries, runs, unfinishedRuns] = await Promise.all([
    db.flowVersion.count({ where: { flowId } }),
    // The URLs a sender may hold: the current live and test URLs (replaced ones already answer 410).
    db.webhookEndpoint.count({ where: { flowId, revokedAt: null } }),
    db.delivery.count({ where: { flowId } }),
    db.run.count({ where: { flowId } }),
    db.run.count({ where: { flowId, status: { in: ACTIVE_STATUSES } } }),
  ]);
  return { id: flow.id, name: flow.name, versions, urls, deliveries, runs, unfinishedRuns };
}

export async function deleteFlow(
  workspaceId: string,
  flowId: string,
  opts: { cancelRuns?: boolean } = {},
): Promise<DeletionSummary & { cancelledRuns: number }> {
  const db = await getDb();
  const summary = await deletionSummary(workspaceId, flowId);
  let cancelledRuns = 0;
  if (summary.unfinishedRuns > 0) {
    if (!opts.cancelRuns)
      throw new ApiError(
        "conflict",
        `${summary.unfinishedRuns} run${summary.unfinishedRuns === 1 ? " of this flow is" : "s of this flow are"} not finished; ` +
          "cancel them first (DELETE with ?cancelRuns=true cancels them and deletes the flow)",
        { unfinishedRuns: summary.unfinishedRuns },
      );
    const active = await db.run.findMany({
      where: { flowId, status: { in: ACTIVE_STATUSES } },
      select: { id: true },
    });
    for (const r of active) {
      // A run that finished meanwhile answers 409: nothing left to cancel.
      await cancelRun(r.id, { workspaceId }).then(
        () => cancelledRuns++,
        (e: unknown) => {
          if (!(e instanceof ApiError)) throw e;
        },
      );
    }
  }
  // Children first: no reliance on the database's cascades (SQLite enforces them per connection).
  await db.$transaction(async (tx) => {
    // A run the dispatcher made from a request since the check above is cancelled by the flow's
    // deletion too: the function finds its Run row gone and ends (run-flow.ts).
    await tx.stepRun.deleteMany({ where: { run: { flowId } } });
    await tx.runSearchToken.deleteMany({ where: { flowId } });
    await tx.run.deleteMany({ where: { flowId } });
    await tx.runRequest.deleteMany({ where: { flowId } });
    await tx.delivery.deleteMany({ where: { flowId } });
    await tx.dedupeKey.deleteMany({ where: { flowId } });
    await tx.rateBucket.deleteMany({ where: { flowId } });
    await tx.rejectCounter.deleteMany({ where: { scope: { in: [flowScope(flowId), sampleScope(flowId)] } } });
    await tx.webhookEndpoint.deleteMany({ where: { flowId } });
    await tx.flowVersion.deleteMany({ where: { flowId } });
    const gone = await tx.flow.deleteMany({ where: { id: flowId, workspaceId } });
    if (gone.count === 0) throw notFound("Flow");
  });
  // The deleted tokens answer 404 at once in this process (others within the cache's second).
  forgetEndpoints();
  return { ...summary, cancelledRuns };
}
