// Creates a flow with its draft and its live webhook endpoint (an unguessable token).
import "server-only";
import { getDb } from "@/lib/db";
import { newId, newToken } from "@/lib/ids";
import { type FlowDefinition } from "./definition";
import { initialDefinition } from "./initial-definition";

export async function createFlow(workspaceId: string, input: { name: string; definition?: FlowDefinition }) {
  const db = await getDb();
  const id = newId("flow");
  return db.flow.create({
    data: {
      id,
      workspaceId,
      name: input.name,
      draft: JSON.stringify(input.definition ?? initialDefinition()),
      endpoints: { create: { id: newId("ep"), workspaceId, token: newToken(), kind: "live" } },
    },
    include: { versions: { select: { number: true, createdAt: true } }, endpoints: true },
  });
}
