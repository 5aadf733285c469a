// POST /api/apps/connect {app, name, credentialId?} - starts "Connect account" for an OAuth2 app:
// a pending account (or the account to reconnect) and the vendor's authorization URL to open.
// A person must do it: the callback has to come back in the same sign-in session.
import { z } from "zod";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/respond";
import { startConnect } from "@/lib/apps/server/oauth-connect";
import { publicOrigin } from "@/lib/webhooks/webhook-url";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

const body = z.object({
  app: z.string({ error: "app is required" }).max(40),
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(120, "Name is too long"),
  credentialId: z.string().trim().min(1).max(100).optional(),
});

export const POST = apiRoute(async (req) => {
  const { app, name, credentialId } = await readJson(req, body);
  const user = currentUser();
  const started = await startConnect({
    workspaceId: await currentWorkspaceId(),
    userId: user.userId,
    sessionId: user.sessionId,
    appId: app,
    name,
    ...(credentialId ? { credentialId } : {}),
    // The browser's origin, as the Apps page showed it to register (see /api/apps/client).
    requestOrigin: publicOrigin(req),
  });
  return json({ id: started.credentialId, authorizationUrl: started.authorizationUrl }, 201);
});
