// A stored request's history for the request log's detail (lib/api/delivery-history-dto.ts).
import "server-only";
import type { DeliveryHistory } from "@/lib/api/delivery-history-dto";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { REVERIFIABLE_VERDICTS } from "./reverify";

export async function deliveryHistory(workspaceId: string, deliveryId: string): Promise<DeliveryHistory> {
  const db = await getDb();
  const d = await db.delivery.findFirst({
    where: { id: deliveryId, workspaceId },
    select: {
      kind: true,
      verdict: true,
      startedBy: true,
      reverifiedAt: true,
      reverifiedBy: true,
      priorVerdict: true,
      priorReason: true,
      runs: { select: { id: true, status: true }, orderBy: { id: "asc" }, take: 20 },
    },
  });
  if (!d) throw notFound("Delivery");
  return {
    kind: d.kind,
    startedBy: d.startedBy,
    reverifiedAt: d.reverifiedAt?.toISOString() ?? null,
    reverifiedBy: d.reverifiedBy,
    priorVerdict: d.priorVerdict,
    priorReason: d.priorReason,
    runIds: d.runs.map((r) => r.id),
    reverifiable:
      d.kind === "live" &&
      ((REVERIFIABLE_VERDICTS as readonly string[]).includes(d.verdict) ||
        (d.verdict === "accepted" && d.runs.some((r) => r.status === "held"))),
  };
}
