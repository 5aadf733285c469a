// A flow's request log: every delivery, newest first, with its verdict and run (keyset pages).
import "server-only";
import type { DeliveryLog } from "@/lib/api/dto";
import { getDb } from "@/lib/db";
import { getFlowOrThrow } from "@/lib/flows/get-flow-or-throw";
import { deliverySummary } from "@/lib/deliveries/to-dto";
import { rejectedNotStored } from "./reject-budget";

export async function listDeliveries(
  workspaceId: string,
  flowId: string,
  page: { cursor?: string; limit: number; kind?: "live" | "test"; verdict?: string },
): Promise<DeliveryLog> {
  await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const rows = await db.delivery.findMany({
    where: {
      workspaceId,
      flowId,
      ...(page.kind ? { kind: page.kind } : {}),
      ...(page.verdict ? { verdict: page.verdict } : {}),
      ...(page.cursor ? { id: { lt: page.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: page.limit + 1,
    select: {
      id: true,
      kind: true,
      method: true,
      receivedAt: true,
      sourceIp: true,
      size: true,
      verdict: true,
      reason: true,
      eventType: true,
      identity: true,
      runs: { select: { id: true, status: true }, take: 1 },
      runRequest: { select: { deliveryId: true } },
    },
  });
  const items = rows.slice(0, page.limit).map(deliverySummary);
  return {
    items,
    nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
    rejectedNotStored: await rejectedNotStored(flowId),
  };
}
