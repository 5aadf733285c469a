// DELETE /api/invites/:id - revoke an invite link
import { apiRoute, json } from "@/lib/api/handler";
import { revokeInvite } from "@/lib/auth/members";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = apiRoute<Ctx>(async (_req, { params }) =>
  json(await revokeInvite(await currentWorkspaceId(), (await params).id)),
);
