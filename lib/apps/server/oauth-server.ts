// The vendor's OAuth2 authorization server for oauth4webapi (panva): endpoints (with the
// operator's base URL override), the client, its authentication, and a fetch that goes through
// the SSRF guard (lib/net/guarded-request.ts) like every other outbound call.
import "server-only";
import * as oauth from "oauth4webapi";
import { guardedRequest } from "@/lib/net/guarded-request";
import type { AppDefinition, OAuth2Auth } from "../types";
import { clientSettings } from "./client-settings";
import { vendorUrl } from "./vendor-url";

export class AppNotSetUpError extends Error {
  override name = "AppNotSetUpError";
}

export type OAuthSetup = {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  options: oauth.TokenEndpointRequestOptions & oauth.RevocationRequestOptions;
  auth: OAuth2Auth;
};

/** fetch for oauth4webapi, answered by the guarded request (no redirects, capped body, deadline). */
const guardedFetch = async (url: string, init: oauth.CustomFetchOptions<string, unknown>): Promise<Response> => {
  const res = await guardedRequest({
    method: init.method,
    url,
    headers: init.headers,
    body: init.body === undefined || init.body === null ? undefined : String(init.body),
    timeoutMs: 30_000,
    maxRedirects: 0,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const empty = res.status === 204 || res.status === 304;
  return new Response(empty ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
};

export function oauthAuth(app: AppDefinition): OAuth2Auth {
  if (app.auth.kind !== "oauth2") throw new Error(`${app.name} does not sign in with OAuth2`);
  return app.auth;
}

export async function oauthSetup(app: AppDefinition): Promise<OAuthSetup> {
  const auth = oauthAuth(app);
  const settings = await clientSettings(app.id);
  if (!settings)
    throw new AppNotSetUpError(
      `${app.name} is not set up: an owner enters its client id and secret in Settings → Apps`,
    );
  const authorization = vendorUrl(app, auth.authorizationUrl);
  const token = vendorUrl(app, auth.tokenUrl);
  const as: oauth.AuthorizationServer = {
    issuer: authorization.origin,
    authorization_endpoint: authorization.href,
    token_endpoint: token.href,
    ...(auth.revocationUrl ? { revocation_endpoint: vendorUrl(app, auth.revocationUrl).href } : {}),
  };
  // http: only through the operator's base URL override (a local fake of the vendor).
  const insecure = token.protocol === "http:";
  return {
    as,
    client: { client_id: settings.clientId },
    clientAuth:
      auth.clientAuth === "client_secret_basic"
        ? oauth.ClientSecretBasic(settings.clientSecret)
        : oauth.ClientSecretPost(settings.clientSecret),
    options: { [oauth.customFetch]: guardedFetch, ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}) },
    auth,
  };
}
