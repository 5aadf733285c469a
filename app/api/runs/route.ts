// GET /api/runs?status=&eventType=&from=&to=&q=&deliveryId=&cursor=&limit= - runs of every flow, newest first
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json } from "@/lib/api/handler";
import { listRuns } from "@/lib/runs/list-runs";
import { runListQuery } from "@/lib/api/run-filter";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async (req) => {
  const query = runListQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZod(query.error, "query string");
  return json(await listRuns(await currentWorkspaceId(), null, query.data));
});
