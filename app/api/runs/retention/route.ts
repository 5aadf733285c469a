// GET /api/runs/retention - {retentionDays}; PUT {retentionDays} - the workspace's run history retention
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { getRetentionDays, setRetentionDays } from "@/lib/retention/retention";
import { retentionBody } from "@/lib/api/run-filter";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ retentionDays: await getRetentionDays(await currentWorkspaceId()) }));

export const PUT = apiRoute(async (req) => {
  const body = await readJson(req, retentionBody);
  return json({ retentionDays: await setRetentionDays(await currentWorkspaceId(), body.retentionDays) });
});
