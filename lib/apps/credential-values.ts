// What an app credential holds, by the app's auth kind: one zod schema each. Browser-safe (the
// account forms validate with it); sealing and storage are lib/credentials/*.
import { z } from "zod";
import { getApp } from "./catalog";
import type { AppAuth } from "./types";

const secret = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(8192, `${what} is too long`);

/** A connected OAuth2 account. `expiresAt` absent: the vendor did not say (refreshed on a 401). */
export const oauthTokens = z.object({
  status: z.literal("connected"),
  accessToken: secret("Access token"),
  refreshToken: z.string().max(8192).optional(),
  expiresAt: z.iso.datetime().optional(),
  scope: z.string().max(4000).optional(),
  /** Set while one step refreshes (a lease in the row: others wait, see lib/apps/server/oauth-refresh.ts). */
  refreshingUntil: z.iso.datetime().optional(),
});

/** The "Connect account" round trip in flight (state, PKCE verifier), bound to the user who started it. */
export const oauthPending = z.object({
  status: z.literal("pending"),
  stateHash: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  userId: z.string().min(1).max(200),
  /** The sign-in session that started it: the callback must come back in the same one. */
  sessionId: z.string().min(1).max(200),
  expiresAt: z.iso.datetime(),
  /**
   * The redirect_uri the authorization request named: the code exchange must repeat it exactly
   * (RFC 6749 4.1.3), whatever Host the callback request arrives with. Optional: a connect started
   * before it was kept falls back to the callback's origin.
   */
  redirectUri: z.url().max(2000).optional(),
  /** The account it reconnects, if any (its tokens stay until the new ones arrive). */
  previous: oauthTokens.optional(),
});

export const oauthValue = z.discriminatedUnion("status", [oauthTokens, oauthPending]);
export type OAuthTokens = z.output<typeof oauthTokens>;
export type OAuthPending = z.output<typeof oauthPending>;
export type OAuthValue = z.output<typeof oauthValue>;

export function appCredentialSchema(auth: AppAuth): z.ZodType {
  switch (auth.kind) {
    case "apiKey":
      // A part with its own schema (a Shopify shop's domain) is checked by it, the rest as secrets.
      return z.object(Object.fromEntries(auth.parts.map((p) => [p.name, p.schema ?? secret(p.label)])));
    case "bearer":
      return z.object({ token: secret(auth.label) });
    case "basic":
      return z.object({ username: secret(auth.usernameLabel), password: secret(auth.passwordLabel) });
    case "oauth2":
      return oauthValue;
  }
}

/**
 * An app account's value as it is stored: each field as its schema outputs it (a shop typed as
 * "https://Acme.myshopify.com/" is stored as acme.myshopify.com), so what is stored, shown and
 * sent is what was checked, not what was typed. A value that does not parse comes back as it
 * was, for the credential schema to refuse with its own messages; OAuth2 values are the connect
 * flow's and pass through.
 */
export function storedAppValue<V>(value: V): V {
  const v = value as { app?: unknown; auth?: unknown } | null;
  const app = typeof v?.app === "string" ? getApp(v.app) : undefined;
  if (!app || app.auth.kind === "oauth2") return value;
  const auth = appCredentialSchema(app.auth).safeParse(v!.auth);
  return auth.success ? ({ ...v, auth: auth.data } as V) : value;
}

/** The part shown masked in lists (last 4 characters when long enough): never for OAuth tokens. */
export function appSecretPart(auth: AppAuth, value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  const part =
    auth.kind === "apiKey"
      ? v[auth.parts.at(-1)!.name]
      : auth.kind === "bearer"
        ? v.token
        : auth.kind === "basic"
          ? v.password
          : "";
  return typeof part === "string" ? part : "";
}
