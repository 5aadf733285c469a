// What an app account adds to a request (headers, query parameters), and the secret strings that
// no error or record may repeat. OAuth2 tokens come from oauth-tokens.ts (refreshed when due).
import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { AppDefinition } from "../types";
import { readAppAccount } from "./app-credential";
import { accessToken } from "./oauth-tokens";

export type AppliedAuth = {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Values for `{name}` placeholders in the path. */
  path?: Record<string, string>;
  /** Values for `{name}` placeholders in the app's base URL's host, checked by the part's schema. */
  host?: Record<string, string>;
  secrets: string[];
  /** OAuth2: the token sent, to refresh once if the vendor refuses it. */
  oauthToken?: string;
};

export async function applyAuth(
  app: AppDefinition,
  workspaceId: string,
  credentialId: string,
  stale?: string,
): Promise<AppliedAuth> {
  const auth = app.auth;
  if (auth.kind === "oauth2") {
    const token = await accessToken(workspaceId, credentialId, app, stale);
    return { headers: { authorization: `Bearer ${token}` }, query: {}, secrets: [token], oauthToken: token };
  }
  const { value } = await readAppAccount(workspaceId, credentialId, app);
  if (auth.kind === "bearer")
    return { headers: { authorization: `Bearer ${value.token}` }, query: {}, secrets: [value.token!] };
  if (auth.kind === "basic") {
    const encoded = Buffer.from(`${value.username}:${value.password}`).toString("base64");
    return { headers: { authorization: `Basic ${encoded}` }, query: {}, secrets: [value.password!, encoded] };
  }
  const applied: AppliedAuth = { headers: {}, query: {}, secrets: [] };
  for (const part of auth.parts) {
    const secret = value[part.name] ?? "";
    if (part.in === "host") {
      // Checked again at every use: an account stored before the app's schema, or written by hand,
      // still cannot point the token at another host. Not a secret: not scrubbed from messages.
      const host = part.schema?.safeParse(secret);
      if (!host?.success)
        throw new ApiError(
          "unprocessable",
          `The account's ${part.label.toLowerCase()} is refused: ${host?.error.issues[0]?.message ?? "no check for it"}`,
        );
      applied.host = { ...applied.host, [part.name]: host.data };
      continue;
    }
    if (part.in === "header") applied.headers[part.name] = `${part.prefix ?? ""}${secret}`;
    else if (part.in === "path") applied.path = { ...applied.path, [part.name]: secret };
    else applied.query[part.name] = secret;
    applied.secrets.push(secret, encodeURIComponent(secret));
  }
  return applied;
}
