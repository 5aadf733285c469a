// GET /api/flows - list flows; POST /api/flows - create a flow
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createFlowBody } from "@/lib/api/schemas";
import { createFlow } from "@/lib/flows/create-flow";
import { listFlows } from "@/lib/flows/list-flows";
import { flowDetail } from "@/lib/flows/to-dto";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listFlows(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createFlowBody);
  const flow = await createFlow(await currentWorkspaceId(), body);
  return json(flowDetail(flow, flow.versions, webhookUrls(req, flow.endpoints)), 201);
});
