// GET /api/members - the workspace's members and their roles
import { apiRoute, json } from "@/lib/api/handler";
import { listMembers } from "@/lib/auth/members";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listMembers(await currentWorkspaceId()) }));
