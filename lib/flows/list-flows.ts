import "server-only";
import { getDb } from "@/lib/db";
import { flowSummary } from "./to-dto";

export async function listFlows(workspaceId: string) {
  const db = await getDb();
  const flows = await db.flow.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    include: { versions: { select: { number: true, createdAt: true } } },
  });
  return flows.map((f) => flowSummary(f, f.versions));
}
