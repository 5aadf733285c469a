// PUT /api/members/:id {role} - change a member's role; DELETE - remove them (owners only; a
// workspace keeps at least one owner)
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { removeMember, setMemberRole } from "@/lib/auth/members";
import { currentUser } from "@/lib/auth/respond";
import { updateMemberBody } from "@/lib/auth/schemas";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

// Roles are changed and members removed by a signed-in owner, never an API key (an owner-scoped
// key cannot demote or remove the people who could revoke it).
export const PUT = apiRoute<Ctx>(async (req, { params }) => {
  currentUser();
  const { role } = await readJson(req, updateMemberBody);
  return json(await setMemberRole(await currentWorkspaceId(), (await params).id, role));
});

export const DELETE = apiRoute<Ctx>(async (_req, { params }) => {
  currentUser();
  return json(await removeMember(await currentWorkspaceId(), (await params).id));
});
