// Loads a flow of the workspace with its versions and live endpoint; 404 otherwise.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";

export async function getFlowOrThrow(workspaceId: string, flowId: string) {
  const db = await getDb();
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    include: {
      versions: { select: { number: true, createdAt: true } },
      endpoints: { where: { kind: "live", revokedAt: null }, take: 1 },
    },
  });
  if (!flow) throw notFound("Flow");
  const endpoint = flow.endpoints[0];
  if (!endpoint) throw new Error(`flow ${flow.id} has no live endpoint`);
  return { ...flow, endpoint };
}
