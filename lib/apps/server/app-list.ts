// The catalog as the Apps page and the palette's account forms read it (lib/apps/app-view.ts):
// names, logos, auth kind and its fields, operations, and whether an OAuth2 app has a client set
// up. No secret.
import "server-only";
import { appView, type AppView } from "../app-view";
import { appCatalog } from "../catalog";
import { clientSettings } from "./client-settings";

export async function listApps(): Promise<AppView[]> {
  return Promise.all(
    appCatalog.map(async (app) =>
      appView(app, app.auth.kind === "oauth2" && Boolean(await clientSettings(app.id).catch(() => null))),
    ),
  );
}
