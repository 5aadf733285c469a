// POST /api/flows/:id/manual-runs {payload | deliveryId, version?} - "Run now": a run of the published
// version (or the draft) with this payload as the trigger's body -> {runId, deliveryId, version}
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { manualRunBody, startManualRun } from "@/lib/flows/manual-run";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, manualRunBody);
  return json(await startManualRun(await currentWorkspaceId(), (await params).id, body), 201);
});
