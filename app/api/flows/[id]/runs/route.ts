// GET /api/flows/:id/runs?status=&eventType=&from=&to=&q=&deliveryId=&cursor=&limit= - the flow's runs, newest first
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json } from "@/lib/api/handler";
import { listRuns } from "@/lib/runs/list-runs";
import { runListQuery } from "@/lib/api/run-filter";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (req, { params }) => {
  const query = runListQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZod(query.error, "query string");
  return json(await listRuns(await currentWorkspaceId(), (await params).id, query.data));
});
