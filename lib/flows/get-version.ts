// One published version's definition, for "restore as draft" in the editor.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { parseStoredDefinition } from "./definition";
import { getFlowOrThrow } from "./get-flow-or-throw";

export async function getVersion(workspaceId: string, flowId: string, number: number) {
  await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const v = await db.flowVersion.findUnique({ where: { flowId_number: { flowId, number } } });
  if (!v) throw notFound(`Version ${number}`);
  return { number: v.number, createdAt: v.createdAt.toISOString(), definition: parseStoredDefinition(v.definition) };
}
