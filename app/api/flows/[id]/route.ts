// GET /api/flows/:id - one flow with its draft and webhook URL; PUT /api/flows/:id - save the draft
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { saveDraftBody } from "@/lib/api/schemas";
import { getFlowOrThrow } from "@/lib/flows/get-flow-or-throw";
import { saveDraft } from "@/lib/flows/save-draft";
import { flowDetail } from "@/lib/flows/to-dto";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (req, { params }) => {
  const flow = await getFlowOrThrow(await currentWorkspaceId(), (await params).id);
  return json(flowDetail(flow, flow.versions, webhookUrls(req, [flow.live, flow.test])));
});

export const PUT = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, saveDraftBody);
  const saved = await saveDraft(await currentWorkspaceId(), (await params).id, body);
  return json({ revision: saved.revision, updatedAt: saved.updatedAt.toISOString() });
});
