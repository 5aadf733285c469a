// GET /api/invites - invite links of the workspace (no tokens); POST {role, email?} - a new link,
// its token shown once (the path /invite/<token> is what you send)
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createInvite, listInvites } from "@/lib/auth/members";
import { actorId, currentUser } from "@/lib/auth/respond";
import { createInviteBody } from "@/lib/auth/schemas";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listInvites(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  // People are added by people: an API key (even owner-scoped) could otherwise mint an owner
  // invite and leave an account behind that outlives the key's revocation.
  currentUser();
  const body = await readJson(req, createInviteBody);
  return json(await createInvite(await currentWorkspaceId(), body, actorId()), 201);
});
