// GET /api/flows/:id/deliveries?cursor=&limit=&kind=&verdict= - the flow's request log, newest first
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json } from "@/lib/api/handler";
import { deliveriesQuery } from "@/lib/api/schemas";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (req, { params }) => {
  const query = deliveriesQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZod(query.error, "query string");
  return json(await listDeliveries(await currentWorkspaceId(), (await params).id, query.data));
});
