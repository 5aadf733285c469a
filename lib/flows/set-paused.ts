// Pauses or resumes a flow. While paused, live deliveries are stored with a "held" run; on
// resume the user chooses to run the held runs (in arrival order) or to discard them.
import "server-only";
import { getDb } from "@/lib/db";
import { kickRuns } from "@/lib/runs/engine-link";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { getFlowOrThrow } from "./get-flow-or-throw";

export async function setPaused(
  workspaceId: string,
  flowId: string,
  input: { paused: boolean; held?: "run" | "discard" },
) {
  await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const now = new Date();
  const [, held] = await db.$transaction([
    db.flow.update({ where: { id: flowId }, data: { paused: input.paused } }),
    input.paused
      ? db.run.count({ where: { flowId, status: "held" } })
      : db.run.updateMany({
          where: { flowId, status: "held" },
          data:
            input.held === "discard"
              ? { status: "cancelled", error: "Discarded when the flow was resumed", finishedAt: now }
              : { status: "queued" },
        }),
  ]);
  forgetEndpoints();
  if (!input.paused) kickRuns();
  return { paused: input.paused, held: typeof held === "number" ? held : held.count };
}
