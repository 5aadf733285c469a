// GET /api/audit?cursor=&limit=&action= - the workspace's audit log, newest first
import { fromZod } from "@/lib/api/errors";
import { apiRoute, json } from "@/lib/api/handler";
import { auditQuery, listAudit } from "@/lib/audit/list-audit";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async (req) => {
  const q = auditQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) throw fromZod(q.error, "query string");
  return json(await listAudit(await currentWorkspaceId(), q.data));
});
