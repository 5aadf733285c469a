// POST /api/flows/:id/publish - check the graph and publish the draft as the next version
import { apiRoute, json } from "@/lib/api/handler";
import { publishFlow } from "@/lib/flows/publish-flow";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const published = await publishFlow(await currentWorkspaceId(), (await params).id);
  return json({
    version: published.version,
    webhookUrl: webhookUrls(req, [published.flow.live, published.flow.test]).webhookUrl,
  });
});
