// GET /api/flows/:id - one flow with its draft and webhook URL; PUT /api/flows/:id - save the draft;
// DELETE /api/flows/:id[?cancelRuns=true] - delete the flow and its whole history (lib/flows/delete-flow.ts)
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { saveDraftBody } from "@/lib/api/schemas";
import { deleteFlow, deleteFlowQuery } from "@/lib/flows/delete-flow";
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

export const DELETE = apiRoute<Ctx>(async (req, { params }) => {
  const query = deleteFlowQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) throw fromZod(query.error, "query string");
  return json(
    await deleteFlow(await currentWorkspaceId(), (await params).id, { cancelRuns: query.data.cancelRuns === "true" }),
  );
});
