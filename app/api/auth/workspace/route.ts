// POST /api/auth/workspace {workspaceId} - switch this session to another workspace of the user
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { switchWorkspace } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/respond";
import { switchWorkspaceBody } from "@/lib/auth/schemas";

export const POST = apiRoute(async (req) =>
  json(await switchWorkspace(currentUser(), (await readJson(req, switchWorkspaceBody)).workspaceId)),
);
