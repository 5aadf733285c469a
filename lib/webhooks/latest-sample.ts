// The latest request to a flow's test URL, as the flow would see it: drives the editor's
// "waiting for the first event" panel and its mapping picker.
import "server-only";
import type { SampleView } from "@/lib/api/dto";
import { getDb } from "@/lib/db";
import { parseRequest } from "@/lib/deliveries/parse-request";
import { deliveryView } from "@/lib/deliveries/to-dto";
import { getFlowOrThrow } from "@/lib/flows/get-flow-or-throw";

export async function latestSample(workspaceId: string, flowId: string): Promise<SampleView | null> {
  await getFlowOrThrow(workspaceId, flowId);
  const db = await getDb();
  const d = await db.delivery.findFirst({
    where: { workspaceId, flowId, kind: "test", verdict: "sample" },
    orderBy: { id: "desc" },
  });
  return d ? { delivery: deliveryView(d), trigger: parseRequest(d) } : null;
}
