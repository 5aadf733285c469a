// One call to a vendor for an app account: the URL from the app's base (never the editor's),
// the account's auth added at send time, sent through the SSRF guard (lib/net/guarded-request.ts).
// A 401 to an OAuth2 token refreshes it once and resends. An error answer becomes a step error
// carrying the vendor's own message: 4xx permanent (except 408/425/429), 429 and 5xx retried
// after Retry-After (lib/engine/executors/http-classify.ts), or after the wait the app reads from
// the body when the vendor says it there (AppDefinition.retryAfterMs). Secrets are scrubbed from errors.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { networkFailure, statusFailure } from "@/lib/engine/executors/http-classify";
import { redactSecrets } from "@/lib/engine/executors/http-credential";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { guardedRequest } from "@/lib/net/guarded-request";
import type { OutboundPolicy } from "@/lib/net/outbound-policy";
import type { AppDefinition, AppRequest } from "../types";
import { applyAuth, type AppliedAuth } from "./app-auth";
import { requestUrl } from "./vendor-url";

export type VendorCall = {
  app: AppDefinition;
  workspaceId: string;
  credentialId: string;
  request: AppRequest;
  /** What the step is doing, for messages: "Trello: Create card". */
  what: string;
  /** The vendor's idempotency header and the engine's key ("<run>:<step>"), when the vendor takes one. */
  idempotency?: { header: string; key: string };
  timeoutMs?: number;
  signal?: AbortSignal;
  policy?: OutboundPolicy;
};

function encode(req: AppRequest): { body?: string; type?: string } {
  if (!req.body) return {};
  if ("form" in req.body)
    return { body: new URLSearchParams(req.body.form).toString(), type: "application/x-www-form-urlencoded" };
  return { body: JSON.stringify(req.body.json), type: "application/json" };
}

function parse(raw: string, contentType: string): unknown {
  if (raw === "") return null;
  if (/[/+]json\b/i.test(contentType) || /^\s*[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

async function send(call: VendorCall, auth: AppliedAuth) {
  // A secret path part replaces its {name} placeholder; fields reach the path encoded (seg), so
  // no field can spell a placeholder.
  const path = call.request.path.replace(/\{([A-Za-z]+)\}/g, (m, name: string) =>
    auth.path?.[name] !== undefined ? encodeURIComponent(auth.path[name]).replace(/%3A/gi, ":") : m,
  );
  const url = requestUrl(
    call.app,
    { ...call.request, path, query: { ...call.request.query, ...auth.query } },
    auth.host,
  );
  const { body, type } = encode(call.request);
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "Hookline/0.1",
    ...(type ? { "content-type": type } : {}),
    ...call.request.headers,
    ...(call.idempotency ? { [call.idempotency.header.toLowerCase()]: call.idempotency.key } : {}),
    ...auth.headers,
  };
  try {
    return await guardedRequest({
      method: call.request.method,
      url: url.href,
      headers,
      body,
      timeoutMs: call.timeoutMs ?? 30_000,
      maxRedirects: 0,
      ...(call.policy ? { policy: call.policy } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  } catch (e) {
    throw networkFailure(e, call.what);
  }
}

/** The vendor's answer body (parsed JSON, or text); throws the step error for a failure. */
export async function callVendor(call: VendorCall): Promise<unknown> {
  let auth: AppliedAuth = { headers: {}, query: {}, secrets: [] };
  try {
    auth = await applyAuth(call.app, call.workspaceId, call.credentialId);
    let res = await send(call, auth);
    if (res.status === 401 && auth.oauthToken) {
      const stale = auth.oauthToken;
      auth = await applyAuth(call.app, call.workspaceId, call.credentialId, stale);
      auth.secrets.push(stale);
      res = await send(call, auth);
    }
    const raw = res.body.toString("utf8");
    const body = parse(raw, res.headers["content-type"] ?? "");
    // A wait the vendor gives in the body: Telegram's retry_after, Shopify's THROTTLED in a 200.
    const bodyWait = call.app.retryAfterMs?.(body, res.status);
    if (res.status >= 200 && res.status < 300 && bodyWait === undefined) return body;
    const vendor = call.app.errorMessage(body) ?? (raw.slice(0, 300) || "no message");
    const hint = res.status === 401 || res.status === 403 ? " (check the account, or reconnect it)" : "";
    const message = `${call.what}: ${call.app.name} answered ${res.status}: ${vendor}${hint}`;
    const failure = statusFailure(res.status, res.headers, message);
    // Retry-After wins (already in the failure); a status that is permanent stays permanent.
    if (bodyWait !== undefined && !(failure instanceof PermanentError) && !(failure instanceof RetryLaterError))
      throw new RetryLaterError(message, bodyWait);
    throw failure;
  } catch (e) {
    if (e instanceof ApiError) throw new PermanentError(`${call.what}: ${e.message}`);
    // A vendor may echo what it was sent (an error page quoting the key).
    throw redactSecrets(e, auth.secrets);
  }
}
