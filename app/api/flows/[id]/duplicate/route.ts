// POST /api/flows/:id/duplicate - a new draft flow "Copy of <name>" with new webhook URLs (signing secret left out)
import { apiRoute, json } from "@/lib/api/handler";
import { duplicateFlow } from "@/lib/flows/duplicate-flow";
import { flowDetail } from "@/lib/flows/to-dto";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const flow = await duplicateFlow(await currentWorkspaceId(), (await params).id);
  return json(flowDetail(flow, flow.versions, webhookUrls(req, flow.endpoints)), 201);
});
