// POST /api/runs/:id/replay {version: "same"|"latest"} - a new run with the same delivery -> 201 {runId}
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { replayBody } from "@/lib/api/run-filter";
import { replayRun } from "@/lib/runs/replay";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, replayBody);
  return json(await replayRun(await currentWorkspaceId(), (await params).id, body.version), 201);
});
