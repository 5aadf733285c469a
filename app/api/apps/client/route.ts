// GET /api/apps/client?app=… - an OAuth2 app's client (id, whether a secret is set, the redirect
// URL to register with the vendor); PUT {app, clientId, clientSecret} - set it; DELETE ?app=… -
// remove it. Instance-wide, so only the installation's owner (its first user) may change it.
// The redirect URL is on the origin the browser used (publicOrigin), not req.url's: under `npm
// start` that is the server's own name (localhost), where the session cookie is not sent.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { isInstanceOwner } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/respond";
import { oauthApp } from "@/lib/apps/server/oauth-connect";
import {
  clientSettingsBody,
  clientSettingsView,
  deleteClientSettings,
  saveClientSettings,
} from "@/lib/apps/server/client-settings";
import { publicOrigin } from "@/lib/webhooks/webhook-url";

const appQuery = (req: Request) => oauthApp(new URL(req.url).searchParams.get("app") ?? "");

async function instanceOwner() {
  if (!(await isInstanceOwner(currentUser().userId)))
    throw new ApiError("forbidden", "Only the owner of this installation can set up an app's OAuth client");
}

export const GET = apiRoute(async (req) => {
  const app = appQuery(req);
  return json({ app: app.id, ...(await clientSettingsView(app.id, publicOrigin(req))) });
});

export const PUT = apiRoute(async (req) => {
  const body = await readJson(req, clientSettingsBody.extend({ app: z.string({ error: "app is required" }).max(40) }));
  const app = oauthApp(body.app);
  await instanceOwner();
  try {
    await saveClientSettings(app.id, body);
  } catch (e) {
    throw new ApiError("unprocessable", (e as Error).message);
  }
  return json({ app: app.id, ...(await clientSettingsView(app.id, publicOrigin(req))) });
});

export const DELETE = apiRoute(async (req) => {
  const app = appQuery(req);
  await instanceOwner();
  await deleteClientSettings(app.id);
  return new Response(null, { status: 204 });
});
