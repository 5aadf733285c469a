// HTTP request node: resolves the templated config (URL, query, headers, JSON/form/raw body),
// adds the credential's auth at send time, sends through the SSRF guard with an Idempotency-Key,
// parses the answer (auto/JSON/text) and classifies failures (lib/engine/executors/http-classify.ts).
import "server-only";
import { resolveDeep, resolveString } from "@/lib/flows/template";
import { httpAuthCredentialType, parseStatusList, type HttpRequestConfig } from "@/lib/nodes/kinds/http";
import { guardedRequest } from "@/lib/net/guarded-request";
import type { OutboundPolicy } from "@/lib/net/outbound-policy";
import { PermanentError } from "../step-error";
import { networkFailure, statusFailure } from "./http-classify";
import { engineSignal, redactSecrets, stepCredential } from "./http-credential";
import type { ExecContext, NodeExecutor } from "./types";

/** What a step records as its input: everything resolved, no secret (only the credential id). */
export type HttpInput = {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** json: any JSON value; form: field → value; raw: text. undefined = no body. */
  body: unknown;
  bodyType?: HttpRequestConfig["bodyType"];
  contentType?: string;
  auth?: HttpRequestConfig["auth"];
  credentialId?: string;
  timeoutMs: number;
  followRedirects?: boolean;
  responseFormat?: HttpRequestConfig["responseFormat"];
  successStatuses?: string;
};

export type HttpOutput = { status: number; headers: Record<string, string>; body: unknown };

const MAX_REDIRECTS = 5;

type Auth = { headers: Record<string, string>; secrets: string[] };

/** The credential's headers, and the secret strings no error may repeat. */
async function authHeaders(input: HttpInput, ctx: ExecContext): Promise<Auth> {
  const mode = input.auth ?? "none";
  if (mode === "none") return { headers: {}, secrets: [] };
  const id = input.credentialId ?? "";
  let auth: Auth;
  if (mode === "bearer") {
    const token = await stepCredential(ctx, id, httpAuthCredentialType.bearer);
    auth = { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
  } else if (mode === "basic") {
    const { username, password } = await stepCredential(ctx, id, httpAuthCredentialType.basic);
    const encoded = Buffer.from(`${username}:${password}`).toString("base64");
    auth = { headers: { authorization: `Basic ${encoded}` }, secrets: [password, encoded] };
  } else {
    const { name, value } = await stepCredential(ctx, id, httpAuthCredentialType.header);
    auth = { headers: { [name]: value }, secrets: [value] };
  }
  // Checked here rather than left to Headers, whose error repeats the value: the secret.
  for (const [name, value] of Object.entries(auth.headers)) {
    if (!headerValueOk(value))
      throw new PermanentError(`Credential ${id}: its value for the ${name} header ${BAD_VALUE}; edit the credential`);
  }
  return auth;
}

// What HTTP lets a header carry (Node's own check): no line breaks or other control characters,
// nothing beyond Latin-1. Refused with the header's name only: a literal value may be a secret too.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headerValueOk = (value: string) => !/[^\t\x20-\x7e\x80-\xff]/.test(value);
const BAD_VALUE = "contains a line break or another character a header cannot carry";

function encodeBody(input: HttpInput): { body?: string; type?: string } {
  if (input.body === undefined || input.method === "GET" || input.method === "HEAD") return {};
  if (input.bodyType === "form") {
    const fields = input.body as Record<string, string>;
    return { body: new URLSearchParams(Object.entries(fields)).toString(), type: "application/x-www-form-urlencoded" };
  }
  if (input.bodyType === "raw") return { body: String(input.body), type: input.contentType || "text/plain" };
  return { body: JSON.stringify(input.body), type: "application/json" };
}

function parseBody(raw: string, contentType: string, format: HttpInput["responseFormat"], what: string): unknown {
  if (format === "text") return raw;
  if (format === "json") {
    if (raw === "") return null;
    try {
      return JSON.parse(raw);
    } catch {
      throw new PermanentError(`${what} answered with a body that is not JSON: ${raw.slice(0, 200)}`);
    }
  }
  if (!/[/+]json\b/i.test(contentType)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Sends a resolved request; exported with a policy parameter for the SSRF tests. */
export async function sendHttp(input: HttpInput, ctx: ExecContext, policy?: OutboundPolicy): Promise<HttpOutput> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new PermanentError(`Invalid URL "${input.url}"`);
  }
  const what = `${input.method} ${url.host}${url.pathname}`;
  const success = parseStatusList(input.successStatuses ?? "200-399");
  if (typeof success === "string") throw new PermanentError(`Success statuses: ${success}`);
  const { body, type } = encodeBody(input);
  // Header names are case-insensitive: the node's own headers replace the defaults whatever their
  // case, and the credential's auth replaces both.
  const headers = new Headers({ "idempotency-key": ctx.idempotencyKey, "user-agent": "Hookline/0.1" });
  for (const [name, value] of Object.entries(input.headers)) {
    if (!HEADER_NAME.test(name)) throw new PermanentError(`Invalid header name "${name.slice(0, 100)}"`);
    if (!headerValueOk(value)) throw new PermanentError(`Header ${name}: the value ${BAD_VALUE}`);
    headers.set(name, value);
  }
  if (type && !headers.has("content-type")) headers.set("content-type", type);
  const auth = await authHeaders(input, ctx);
  for (const [name, value] of Object.entries(auth.headers)) headers.set(name, value);

  try {
    let res;
    try {
      res = await guardedRequest({
        method: input.method,
        url: url.href,
        headers: Object.fromEntries(headers.entries()),
        body,
        timeoutMs: input.timeoutMs,
        maxRedirects: input.followRedirects ? MAX_REDIRECTS : 0,
        policy,
        signal: engineSignal(ctx),
      });
    } catch (e) {
      throw networkFailure(e, what);
    }
    const raw = res.body.toString("utf8");
    if (!success.some(([lo, hi]) => res.status >= lo && res.status <= hi)) {
      throw statusFailure(res.status, res.headers, `${what} answered ${res.status}: ${raw.slice(0, 300)}`);
    }
    return {
      status: res.status,
      headers: res.headers,
      body: parseBody(raw, res.headers["content-type"] ?? "", input.responseFormat, what),
    };
  } catch (e) {
    // A server may echo what it was sent (an error page quoting the API key), and the run history
    // keeps every error with its stack.
    throw redactSecrets(e, auth.secrets);
  }
}

export const httpExecutor: NodeExecutor<HttpRequestConfig, HttpInput> = {
  resolve(config, scope) {
    const missing: string[] = [];
    const text = (t: string) => {
      const r = resolveString(t, scope);
      missing.push(...r.missing);
      return r.value === undefined || r.value === null
        ? ""
        : typeof r.value === "string"
          ? r.value
          : JSON.stringify(r.value);
    };
    let url = text(config.url);
    if (config.query.length > 0) {
      try {
        const u = new URL(url);
        for (const q of config.query) u.searchParams.append(q.name, text(q.value));
        url = u.href;
      } catch {
        // Left as it is: sending reports the invalid URL.
      }
    }
    const headers = Object.fromEntries(config.headers.map((h) => [h.name, text(h.value)]));
    let body: unknown;
    if (config.bodyType === "form")
      body = config.form.length ? Object.fromEntries(config.form.map((f) => [f.name, text(f.value)])) : undefined;
    else if (config.body.trim() === "") body = undefined;
    else if (config.bodyType === "raw") body = text(config.body);
    else body = resolveDeep(JSON.parse(config.body), scope, missing).value;
    return {
      input: {
        method: config.method,
        url,
        headers,
        body,
        bodyType: config.bodyType,
        ...(config.bodyType === "raw" ? { contentType: config.contentType } : {}),
        auth: config.auth,
        ...(config.auth === "none" ? {} : { credentialId: config.credentialId }),
        timeoutMs: config.timeoutMs,
        followRedirects: config.followRedirects,
        responseFormat: config.responseFormat,
        successStatuses: config.successStatuses,
      },
      missing,
    };
  },

  run: (input, ctx) => sendHttp(input, ctx),
};
