// One stored delivery with its raw request (headers, body) for the request log.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { deliveryView } from "@/lib/deliveries/to-dto";

export async function getDelivery(workspaceId: string, deliveryId: string) {
  const db = await getDb();
  const d = await db.delivery.findFirst({ where: { id: deliveryId, workspaceId } });
  if (!d) throw notFound("Delivery");
  return deliveryView(d);
}
