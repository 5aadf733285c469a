// An OAuth2 account's access token for a step: refreshed shortly before it expires, or when the
// vendor answered 401 to it. One refresh at a time per account across every instance: the
// refresher first takes a lease stored in the credential row (compare-and-set on the row's
// ciphertext, the token version), refreshes, and writes the new tokens against its own version;
// the others wait for the new tokens instead of calling the token endpoint themselves (a refresh
// token the vendor rotates is spent by the first use, so a second refresh would fail).
import "server-only";
import * as oauth from "oauth4webapi";
import { PermanentError } from "@/lib/engine/step-error";
import { oauthTokens, type OAuthTokens, type OAuthValue } from "../credential-values";
import type { AppDefinition } from "../types";
import { readAppAccount, writeAppAccount } from "./app-credential";
import { oauthSetup } from "./oauth-server";

/** Refreshed this long before the vendor's expiry, so a step never sends a token about to lapse. */
export const REFRESH_MARGIN_MS = 60_000;
/** How long a refresher holds the lease; a crashed refresher's lease lapses after it. */
export const LEASE_MS = 30_000;
const WAIT_STEP_MS = 200;
const MAX_WAIT_MS = LEASE_MS + 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tokens a token endpoint answer gives, keeping the refresh token when none is rotated in. */
export function tokensFrom(
  res: oauth.TokenEndpointResponse,
  previousRefresh: string | undefined,
  now: number,
): OAuthTokens {
  return oauthTokens.parse({
    status: "connected",
    accessToken: res.access_token,
    ...((res.refresh_token ?? previousRefresh) ? { refreshToken: res.refresh_token ?? previousRefresh } : {}),
    ...(typeof res.expires_in === "number" ? { expiresAt: new Date(now + res.expires_in * 1000).toISOString() } : {}),
    ...(res.scope ? { scope: res.scope } : {}),
  });
}

/**
 * The token to send. `stale`: the token the vendor just refused (401); a new one is fetched unless
 * another step already replaced it.
 */
export async function accessToken(
  workspaceId: string,
  credentialId: string,
  app: AppDefinition,
  stale?: string,
  now: () => number = Date.now,
): Promise<string> {
  const started = now();
  for (;;) {
    const account = await readAppAccount<OAuthValue>(workspaceId, credentialId, app);
    const v = account.value;
    if (v.status !== "connected")
      throw new PermanentError(`${app.name} account "${account.name}" is not connected yet: use “Connect account”`);
    const expired = v.expiresAt !== undefined && Date.parse(v.expiresAt) - REFRESH_MARGIN_MS <= now();
    const refused = stale !== undefined && stale === v.accessToken;
    if (!expired && !refused) return v.accessToken;
    if (!v.refreshToken)
      throw new PermanentError(
        `${app.name} account "${account.name}" has expired and has no refresh token: reconnect it`,
      );

    if (v.refreshingUntil && Date.parse(v.refreshingUntil) > now()) {
      // Another step refreshes: wait for its tokens.
      if (now() - started > MAX_WAIT_MS)
        throw new Error(`${app.name}: timed out waiting for another step's token refresh`);
      await sleep(WAIT_STEP_MS);
      continue;
    }
    const leased = { ...v, refreshingUntil: new Date(now() + LEASE_MS).toISOString() };
    const version = await writeAppAccount(workspaceId, credentialId, app, account.ciphertext, leased);
    if (!version) continue; // another step took the lease or changed the account first: read again

    let fresh: OAuthTokens;
    try {
      fresh = await refresh(app, v.refreshToken, now());
    } catch (e) {
      // Give the lease back so the next step can try (or the person reconnect).
      await writeAppAccount(workspaceId, credentialId, app, version, { ...v, refreshingUntil: undefined });
      throw e;
    }
    if (!(await writeAppAccount(workspaceId, credentialId, app, version, fresh)))
      throw new Error(`${app.name}: the account changed while its token was refreshed; retrying`);
    return fresh.accessToken;
  }
}

async function refresh(app: AppDefinition, refreshToken: string, now: number): Promise<OAuthTokens> {
  const setup = await oauthSetup(app);
  let res: oauth.TokenEndpointResponse;
  try {
    const answer = await oauth.refreshTokenGrantRequest(
      setup.as,
      setup.client,
      setup.clientAuth,
      refreshToken,
      setup.options,
    );
    res = await oauth.processRefreshTokenResponse(setup.as, setup.client, answer);
  } catch (e) {
    // invalid_grant: the refresh token was revoked or expired; only reconnecting helps.
    if (e instanceof oauth.ResponseBodyError && e.error === "invalid_grant")
      throw new PermanentError(
        `${app.name} refused to refresh the account (${e.error_description ?? e.error}): reconnect it`,
      );
    if (e instanceof oauth.ResponseBodyError && e.status >= 400 && e.status < 500 && e.status !== 429)
      throw new PermanentError(`${app.name} refused to refresh the account: ${e.error_description ?? e.error}`);
    throw new Error(`${app.name}: refreshing the account's token failed: ${(e as Error).message}`);
  }
  return tokensFrom(res, refreshToken, now);
}
