// Loads a flow of the workspace with its versions and current live and test endpoints; 404 otherwise.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";

export async function getFlowOrThrow(workspaceId: string, flowId: string) {
  const db = await getDb();
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    include: {
      versions: { select: { number: true, createdAt: true } },
      endpoints: { where: { revokedAt: null } },
    },
  });
  if (!flow) throw notFound("Flow");
  const live = flow.endpoints.find((e) => e.kind === "live");
  const test = flow.endpoints.find((e) => e.kind === "test");
  if (!live || !test) throw new Error(`flow ${flow.id} lacks a live or test endpoint`);
  return { ...flow, live, test };
}
