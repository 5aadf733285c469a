// Archiving a flow puts it away without losing it: its webhook URLs answer 410 Gone and store
// nothing (lib/webhooks/ingest.ts checks before reading the body, so an archived URL costs no
// disk and no rejection budget), and the flows list hides it unless asked. Runs already under way
// finish; unarchiving restores the URLs as they were (same tokens).
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { getFlowOrThrow } from "./get-flow-or-throw";

export async function setArchived(workspaceId: string, flowId: string, archived: boolean) {
  const flow = await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  // Archiving an archived flow keeps its first date.
  const archivedAt = archived ? (flow.archivedAt ?? new Date()) : null;
  await db.flow.update({ where: { id: flowId }, data: { archivedAt } });
  forgetEndpoints();
  return { id: flowId, name: flow.name, archived, archivedAt: archivedAt?.toISOString() ?? null };
}

/** POST /api/flows/:id/archive */
export const archiveBody = z.object({ archived: z.boolean() });
