// The catalog as GET /api/apps answers it and the Apps page reads it: one zod schema for that
// boundary, and the pure mapping from an app's definition (no secret, nothing server-only; whether
// an OAuth2 app's client is set up is the server's to say). Browser-safe.
import { z } from "zod";
import { appNodeType } from "./catalog";
import type { AppDefinition } from "./types";

/** One field of an API key account form. `secret`: shown masked; false for the account's host. */
const keyPartView = z.object({
  name: z.string(),
  label: z.string(),
  secret: z.boolean(),
  hint: z.string().optional(),
});

const authView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("apiKey"), parts: z.array(keyPartView) }),
  z.object({ kind: z.literal("bearer"), label: z.string() }),
  z.object({ kind: z.literal("basic"), usernameLabel: z.string(), passwordLabel: z.string() }),
  z.object({ kind: z.literal("oauth2"), consoleUrl: z.string(), setUp: z.boolean() }),
]);

export const appViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  logo: z.string(),
  description: z.string(),
  auth: authView,
  operations: z.array(z.object({ id: z.string(), type: z.string(), label: z.string(), description: z.string() })),
});

export const appListSchema = z.object({ items: z.array(appViewSchema) });

export type AppView = z.output<typeof appViewSchema>;
export type AppAuthView = AppView["auth"];
export type KeyPartView = z.output<typeof keyPartView>;

/** An app as the list shows it; `setUp`: an OAuth2 app's client is entered (ignored otherwise). */
export function appView(app: AppDefinition, setUp = false): AppView {
  const a = app.auth;
  const auth: AppAuthView =
    a.kind === "apiKey"
      ? {
          kind: a.kind,
          // A "host" part names the account's shop, not a secret: typed in the clear so a person
          // sees what they entered. Every other part is sent as a credential and stays masked.
          parts: a.parts.map((p) => ({
            name: p.name,
            label: p.label,
            secret: p.in !== "host",
            ...(p.hint ? { hint: p.hint } : {}),
          })),
        }
      : a.kind === "oauth2"
        ? { kind: a.kind, consoleUrl: a.consoleUrl, setUp }
        : a.kind === "bearer"
          ? { kind: a.kind, label: a.label }
          : { kind: a.kind, usernameLabel: a.usernameLabel, passwordLabel: a.passwordLabel };
  return {
    id: app.id,
    name: app.name,
    logo: app.logo,
    description: app.description,
    auth,
    operations: app.operations.map((op) => ({
      id: op.id,
      type: appNodeType(app, op),
      label: op.label,
      description: op.description,
    })),
  };
}
