// Creates a flow with its draft and its two webhook endpoints (live and test), each with an
// unguessable token.
import "server-only";
import { getDb } from "@/lib/db";
import { newId, newToken } from "@/lib/ids";
import { hashToken } from "@/lib/webhooks/token";
import { type FlowDefinition } from "./definition";
import { initialDefinition } from "./initial-definition";

const endpoint = (workspaceId: string, kind: "live" | "test") => {
  const token = newToken();
  return { id: newId("ep"), workspaceId, token, tokenHash: hashToken(token), kind };
};

export async function createFlow(workspaceId: string, input: { name: string; definition?: FlowDefinition }) {
  const db = await getDb();
  const id = newId("flow");
  return db.flow.create({
    data: {
      id,
      workspaceId,
      name: input.name,
      draft: JSON.stringify(input.definition ?? initialDefinition()),
      endpoints: { create: (["live", "test"] as const).map((kind) => endpoint(workspaceId, kind)) },
    },
    include: { versions: { select: { number: true, createdAt: true } }, endpoints: true },
  });
}
