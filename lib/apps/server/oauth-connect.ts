// "Connect account" for an OAuth2 app (authorization code with PKCE, oauth4webapi):
//  start     a pending app credential holds the state's hash, the PKCE verifier (sealed with the
//            row like every credential value), the user who started and an expiry (10 min); the
//            browser goes to the vendor with state = "<credential id>.<random>"
//  complete  the callback's state must name a pending account of the caller's workspace, started
//            by the same user, not expired, with the same hash; it is consumed (compare-and-set)
//            before the code is exchanged, so a replayed callback finds nothing to complete
//  disconnect  the vendor's revocation endpoint when it has one (best effort), then the row goes
// A reconnect keeps the old tokens in the pending value until the new ones arrive.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import * as oauth from "oauth4webapi";
import { ApiError } from "@/lib/api/errors";
import { openDocument, sealDocument } from "@/lib/credentials/credential-document";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { log } from "@/lib/observability/log";
import { getApp } from "../catalog";
import { oauthValue, type OAuthTokens, type OAuthValue } from "../credential-values";
import type { AppDefinition } from "../types";
import { readAppAccount, writeAppAccount } from "./app-credential";
import { redirectUrl } from "./client-settings";
import { oauthSetup } from "./oauth-server";
import { tokensFrom } from "./oauth-tokens";

export const PENDING_MS = 10 * 60_000;

const hash = (state: string) => createHash("sha256").update(state).digest("base64url");
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function oauthApp(appId: string): AppDefinition {
  const app = getApp(appId);
  if (!app) throw new ApiError("not_found", "App not found");
  if (app.auth.kind !== "oauth2")
    throw new ApiError(
      "unprocessable",
      `${app.name} connects with ${app.auth.kind === "apiKey" ? "an API key" : "a token or login"}, not “Connect account”`,
    );
  return app;
}

type Start = {
  workspaceId: string;
  userId: string;
  sessionId: string;
  appId: string;
  name: string;
  /** Reconnect this account instead of making a new one. */
  credentialId?: string;
  requestOrigin: string;
  now?: number;
};

export async function startConnect(s: Start): Promise<{ credentialId: string; authorizationUrl: string }> {
  const app = oauthApp(s.appId);
  const setup = await oauthSetup(app).catch((e: Error) => {
    throw new ApiError("unprocessable", e.message);
  });
  const now = s.now ?? Date.now();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const db = await getDb();
  let credentialId = s.credentialId;
  let previous: OAuthTokens | undefined;
  let version: string | undefined;
  if (credentialId) {
    const account = await readAppAccount<OAuthValue>(s.workspaceId, credentialId, app);
    previous = account.value.status === "connected" ? account.value : account.value.previous;
    version = account.ciphertext;
  } else credentialId = newId("cred");
  const state = `${credentialId}.${oauth.generateRandomState()}`;
  const redirectUri = redirectUrl(s.requestOrigin);
  const pending = oauthValue.parse({
    status: "pending",
    stateHash: hash(state),
    codeVerifier,
    userId: s.userId,
    sessionId: s.sessionId,
    expiresAt: new Date(now + PENDING_MS).toISOString(),
    redirectUri,
    ...(previous ? { previous: { ...previous, refreshingUntil: undefined } } : {}),
  });
  if (version) {
    if (!(await writeAppAccount(s.workspaceId, credentialId, app, version, pending)))
      throw new ApiError("conflict", "This account was changed at the same time elsewhere; try again");
  } else {
    await db.credential.create({
      data: {
        id: credentialId,
        workspaceId: s.workspaceId,
        name: s.name,
        type: "app",
        ciphertext: sealDocument(s.workspaceId, credentialId, { current: { app: app.id, auth: pending } }),
      },
    });
  }
  const url = new URL(setup.as.authorization_endpoint!);
  url.searchParams.set("client_id", setup.client.client_id);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", setup.auth.scopes.join(" "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  for (const [k, v] of Object.entries(setup.auth.authorizationParams ?? {})) url.searchParams.set(k, v);
  return { credentialId, authorizationUrl: url.href };
}

type Complete = {
  workspaceId: string;
  userId: string;
  sessionId: string;
  callbackUrl: URL;
  requestOrigin: string;
  now?: number;
};

/** Finishes a connect from the vendor's redirect; returns the connected account's id. */
export async function completeConnect(c: Complete): Promise<{ credentialId: string; app: AppDefinition }> {
  const now = c.now ?? Date.now();
  const state = c.callbackUrl.searchParams.get("state") ?? "";
  const credentialId = /^(cred_[A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/.exec(state)?.[1];
  const refused = new ApiError(
    "bad_request",
    "This sign-in link is not valid any more (used, expired, or started by someone else): connect again",
  );
  if (!credentialId) throw refused;
  const db = await getDb();
  const row = await db.credential.findFirst({ where: { id: credentialId, workspaceId: c.workspaceId, type: "app" } });
  if (!row) throw refused;
  const appId = openDocument(row).doc.current as { app: string };
  const app = oauthApp(appId.app);
  const account = await readAppAccount<OAuthValue>(c.workspaceId, credentialId, app);
  const p = account.value;
  if (
    p.status !== "pending" ||
    !sameHash(p.stateHash, hash(state)) ||
    p.userId !== c.userId ||
    p.sessionId !== c.sessionId ||
    Date.parse(p.expiresAt) <= now
  )
    throw refused;
  // Single use: the state is spent before the code is exchanged.
  const spent = await writeAppAccount(c.workspaceId, credentialId, app, account.ciphertext, {
    ...p,
    stateHash: `spent:${newId("s")}`,
  });
  if (!spent) throw refused;
  const restore = () =>
    writeAppAccount(c.workspaceId, credentialId, app, spent, p.previous ?? { ...p, stateHash: `spent:${newId("s")}` });

  const setup = await oauthSetup(app);
  let tokens: OAuthTokens;
  try {
    const params = oauth.validateAuthResponse(setup.as, setup.client, c.callbackUrl, state);
    const answer = await oauth.authorizationCodeGrantRequest(
      setup.as,
      setup.client,
      setup.clientAuth,
      params,
      p.redirectUri ?? redirectUrl(c.requestOrigin),
      p.codeVerifier,
      setup.options,
    );
    tokens = tokensFrom(await oauth.processAuthorizationCodeResponse(setup.as, setup.client, answer), undefined, now);
  } catch (e) {
    await restore();
    if (e instanceof oauth.AuthorizationResponseError)
      throw new ApiError("bad_request", `${app.name} did not connect: ${e.error_description ?? e.error}`);
    if (e instanceof oauth.ResponseBodyError)
      throw new ApiError("bad_request", `${app.name} refused the sign-in: ${e.error_description ?? e.error}`);
    log("apps").warn({ app: app.id, reason: (e as Error).message }, "OAuth code exchange failed");
    throw new ApiError("bad_request", `${app.name} could not be reached to finish the sign-in; try again`);
  }
  if (!(await writeAppAccount(c.workspaceId, credentialId, app, spent, tokens)))
    throw new ApiError("conflict", "This account was changed at the same time elsewhere; connect again");
  return { credentialId, app };
}

/** Revokes the account's tokens at the vendor (when it can), then deletes the account. */
export async function disconnect(workspaceId: string, credentialId: string): Promise<{ revoked: boolean }> {
  const db = await getDb();
  const row = await db.credential.findFirst({ where: { id: credentialId, workspaceId } });
  if (!row) throw new ApiError("not_found", "Credential not found");
  if (row.type !== "app") throw new ApiError("unprocessable", "This credential is not an app account");
  const app = getApp((openDocument(row).doc.current as { app: string }).app);
  let revoked = false;
  if (app?.auth.kind === "oauth2" && app.auth.revocationUrl) {
    const v = (await readAppAccount<OAuthValue>(workspaceId, credentialId, app)).value;
    const tokens = v.status === "connected" ? v : v.previous;
    // The refresh token first: revoking it ends the grant (and its access tokens) at most vendors.
    const token = tokens?.refreshToken ?? tokens?.accessToken;
    if (token) {
      try {
        const setup = await oauthSetup(app);
        await oauth.processRevocationResponse(
          await oauth.revocationRequest(setup.as, setup.client, setup.clientAuth, token, setup.options),
        );
        revoked = true;
      } catch (e) {
        // The account is removed here anyway; the vendor's grant can be revoked on its side.
        log("apps").warn({ app: app.id, reason: (e as Error).message }, "revoking an OAuth grant failed");
      }
    }
  }
  await db.credential.deleteMany({ where: { id: credentialId, workspaceId } });
  return { revoked };
}
