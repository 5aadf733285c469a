// DELETE /api/apps/accounts/:id - disconnects an app account: its OAuth2 grant revoked at the
// vendor when the vendor has a revocation endpoint, then the account deleted.
import { apiRoute, json } from "@/lib/api/handler";
import { disconnect } from "@/lib/apps/server/oauth-connect";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = apiRoute<Ctx>(async (_req, { params }) =>
  json(await disconnect(await currentWorkspaceId(), (await params).id)),
);
