// Publishes the draft as the next immutable numbered version, after checking the whole graph.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { checkGraph } from "./check-graph";
import { parseStoredDefinition } from "./definition";
import { getFlowOrThrow } from "./get-flow-or-throw";

export async function publishFlow(workspaceId: string, flowId: string) {
  const flow = await getFlowOrThrow(workspaceId, flowId);
  const definition = parseStoredDefinition(flow.draft);
  const issues = checkGraph(definition);
  if (issues.length > 0) {
    throw new ApiError(
      "unprocessable",
      `The flow cannot be published: ${issues.map((i) => i.message).join(" ")}`,
      issues,
    );
  }
  const db = await getDb();
  const number = Math.max(0, ...flow.versions.map((v) => v.number)) + 1;
  // The unique (flowId, number) index turns a concurrent double publish into a conflict.
  try {
    const version = await db.flowVersion.create({
      data: { id: newId("ver"), flowId, number, definition: JSON.stringify(definition) },
    });
    return { version: version.number, flow };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002")
      throw new ApiError("conflict", "Another publish of this flow happened at the same time; try again.");
    throw e;
  }
}
