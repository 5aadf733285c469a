// Saves the draft. `revision` is what the editor last loaded: if another tab saved since, the
// save is refused with 409 instead of silently overwriting that tab's work.
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import type { FlowDefinition } from "./definition";

export async function saveDraft(
  workspaceId: string,
  flowId: string,
  input: { name?: string; definition?: FlowDefinition; revision?: number; testRunsDraft?: boolean },
) {
  const db = await getDb();
  const data = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.definition !== undefined ? { draft: JSON.stringify(input.definition) } : {}),
    ...(input.testRunsDraft !== undefined ? { testRunsDraft: input.testRunsDraft } : {}),
  };
  // The revision counts edits of the draft; a setting alone neither needs nor bumps it.
  const edits = input.name !== undefined || input.definition !== undefined;
  const { count } = await db.flow.updateMany({
    where: { id: flowId, workspaceId, ...(edits && input.revision !== undefined ? { revision: input.revision } : {}) },
    data: edits ? { ...data, revision: { increment: 1 } } : data,
  });
  if (count === 0) {
    const exists = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { revision: true } });
    if (!exists) throw notFound("Flow");
    throw new ApiError(
      "conflict",
      "This flow was changed elsewhere (another tab or user). Reload to see the latest draft.",
      {
        currentRevision: exists.revision,
      },
    );
  }
  // The test URL follows the draft: let it see this one at once.
  forgetEndpoints();
  return db.flow.findFirstOrThrow({ where: { id: flowId, workspaceId }, select: { revision: true, updatedAt: true } });
}
