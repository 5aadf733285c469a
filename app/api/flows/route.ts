// GET /api/flows?q=&status= - list flows (search by name; status draft|published|paused|archived|all, default all but
// archived) with last delivery and 24 h success rate; POST /api/flows - create a flow
import { fromZod } from "@/lib/api/errors";
import { flowListQuery } from "@/lib/api/flow-list-dto";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createFlowBody } from "@/lib/api/schemas";
import { createFlow } from "@/lib/flows/create-flow";
import { listFlows } from "@/lib/flows/list-flows";
import { flowDetail } from "@/lib/flows/to-dto";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async (req) => {
  const query = flowListQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZod(query.error, "query string");
  return json({ items: await listFlows(await currentWorkspaceId(), query.data) });
});

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createFlowBody);
  const flow = await createFlow(await currentWorkspaceId(), body);
  return json(flowDetail(flow, flow.versions, webhookUrls(req, flow.endpoints)), 201);
});
