// Replaces a flow's live or test URL: the old token is revoked (it then answers 410 Gone, so a
// sender still using it sees a clear error) and a new one is issued.
import "server-only";
import { getDb } from "@/lib/db";
import { getFlowOrThrow } from "@/lib/flows/get-flow-or-throw";
import { newId, newToken } from "@/lib/ids";
import { forgetEndpoints } from "./load-endpoint";
import { hashToken } from "./token";

export async function regenerateToken(workspaceId: string, flowId: string, kind: "live" | "test") {
  const flow = await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const token = newToken();
  await db.$transaction([
    db.webhookEndpoint.update({ where: { id: flow[kind].id }, data: { revokedAt: new Date() } }),
    db.webhookEndpoint.create({
      data: { id: newId("ep"), workspaceId, flowId, kind, token, tokenHash: hashToken(token) },
    }),
  ]);
  forgetEndpoints();
  return getFlowOrThrow(workspaceId, flowId);
}
