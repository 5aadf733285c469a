// The catalog as the Apps page and the palette's account forms read it: names, logos, auth kind
// and its fields, operations, and whether an OAuth2 app has a client set up. No secret.
import "server-only";
import { appCatalog, appNodeType } from "../catalog";
import { clientSettings } from "./client-settings";

export async function listApps() {
  return Promise.all(
    appCatalog.map(async (app) => ({
      id: app.id,
      name: app.name,
      logo: app.logo,
      description: app.description,
      auth:
        app.auth.kind === "apiKey"
          ? { kind: app.auth.kind, parts: app.auth.parts.map((p) => ({ name: p.name, label: p.label })) }
          : app.auth.kind === "oauth2"
            ? {
                kind: app.auth.kind,
                consoleUrl: app.auth.consoleUrl,
                setUp: Boolean(await clientSettings(app.id).catch(() => null)),
              }
            : app.auth.kind === "bearer"
              ? { kind: app.auth.kind, label: app.auth.label }
              : { kind: app.auth.kind, usernameLabel: app.auth.usernameLabel, passwordLabel: app.auth.passwordLabel },
      operations: app.operations.map((op) => ({
        id: op.id,
        type: appNodeType(app, op),
        label: op.label,
        description: op.description,
      })),
    })),
  );
}
