// A flow's runs, newest first, with keyset pagination on the time-sortable id.
import "server-only";
import type { Page, RunSummary } from "@/lib/api/dto";
import { getDb } from "@/lib/db";
import { getFlowOrThrow } from "@/lib/flows/get-flow-or-throw";
import { runSummary } from "./to-dto";

export async function listRuns(workspaceId: string, flowId: string, page: { cursor?: string; limit: number }): Promise<Page<RunSummary>> {
  await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const rows = await db.run.findMany({
    where: { workspaceId, flowId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: page.limit + 1,
    include: { version: { select: { number: true } } },
  });
  const items = rows.slice(0, page.limit).map(runSummary);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
