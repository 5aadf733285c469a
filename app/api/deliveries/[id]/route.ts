// GET /api/deliveries/:id - one stored delivery with its raw headers and body, and its history
// (started by hand, re-verified, the runs it started)
import { apiRoute, json } from "@/lib/api/handler";
import { deliveryHistory } from "@/lib/deliveries/delivery-history";
import { getDelivery } from "@/lib/webhooks/get-delivery";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) => {
  const [ws, id] = [await currentWorkspaceId(), (await params).id];
  const [view, history] = await Promise.all([getDelivery(ws, id), deliveryHistory(ws, id)]);
  return json({ ...view, history });
});
