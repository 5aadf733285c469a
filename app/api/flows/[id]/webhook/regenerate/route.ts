// POST /api/flows/:id/webhook/regenerate {kind} - replace the live or test URL (old one answers 410)
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { regenerateBody } from "@/lib/api/schemas";
import { regenerateToken } from "@/lib/webhooks/regenerate-token";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const { kind } = await readJson(req, regenerateBody);
  const flow = await regenerateToken(await currentWorkspaceId(), (await params).id, kind);
  return json(webhookUrls(req, [flow.live, flow.test]));
});
