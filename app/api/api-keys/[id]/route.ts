// DELETE /api/api-keys/:id - revoke a key (it answers 401 from then on)
import { apiRoute, json } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = apiRoute<Ctx>(async (_req, { params }) =>
  json(await revokeApiKey(await currentWorkspaceId(), (await params).id)),
);
