// POST /api/runs/bulk-replay {flowId?, filter, version} - replays every run matching the filter -> 201 {batchId, total, skipped}
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { bulkReplayBody } from "@/lib/api/run-filter";
import { bulkReplay } from "@/lib/runs/replay";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, bulkReplayBody);
  const { from, to, ...rest } = body.filter;
  const filter = { ...rest, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) };
  return json(await bulkReplay(await currentWorkspaceId(), body.flowId ?? null, filter, body.version), 201);
});
