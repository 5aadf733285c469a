// The request log's header policy, the one place that decides what of a delivery's headers is
// stored. Every reader shows the stored copy (the request log GET /api/deliveries/:id, the run
// page, the editor's sample, `trigger.headers` in the flow, which an HTTP action may forward to a
// third party, replays), so a value left out here is shown nowhere. Verification runs before,
// on the raw values. Browser-safe (the Settings form validates the deny-list with the same schema).
//
// A dropped header keeps its name with "[redacted]" as its value: "the sender sent an
// Authorization header" helps debugging; its value would let any viewer act as the sender (or,
// for a browser's cookie, as the member who opened the URL).
import { z } from "zod";
import {
  tokenLocationOf,
  verificationConfigSchema,
  verificationPresets,
  type PresetInfo,
  type VerificationConfig,
} from "./verify/presets";

export const REDACTED = "[redacted]";

/** Credentials of whoever sent the request, whatever the flow's verification. */
const CREDENTIAL_HEADERS = ["cookie", "authorization", "proxy-authorization"];

// Every preset's signature header, whatever this flow's preset: a signature proves nothing to a
// reader of the log, and is a replayable proof of origin within its tolerance window.
const SIGNATURE_HEADERS = [
  "stripe-signature",
  "x-shopify-hmac-sha256",
  "x-hub-signature",
  "x-hub-signature-256",
  "webhook-signature",
  ...Object.values(verificationPresets).flatMap((p: PresetInfo) => (p.signatureHeader ? [p.signatureHeader] : [])),
];

/** Headers the flow's own verification reads its secret or signature from (lower-case). */
function verificationHeaders(v: VerificationConfig): string[] {
  if (v.preset === "hmac") return [v.header.toLowerCase()];
  const token = tokenLocationOf(v);
  return token?.in === "header" ? [token.name.toLowerCase()] : [];
}

export type HeaderPolicy = ReadonlySet<string>;

/** The names stored as "[redacted]" for one endpoint: made once per endpoint load, not per request. */
export function headerPolicy(v: VerificationConfig, deniedHeaders: readonly string[] = []): HeaderPolicy {
  return new Set([...CREDENTIAL_HEADERS, ...SIGNATURE_HEADERS, ...verificationHeaders(v), ...deniedHeaders]);
}

/** The headers as stored (names are lower-case as both carriers deliver them). */
export function storedHeaders(policy: HeaderPolicy, headers: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  // Copied only when something is redacted: most deliveries carry none of these.
  for (const name in headers) {
    if (!policy.has(name)) continue;
    out ??= { ...headers };
    out[name] = REDACTED;
  }
  return out ?? headers;
}

export function redactQuery(v: VerificationConfig, query: string): string {
  return redactQueryNames(queryPolicy(v), query);
}

/** Query parameter names (lower-case) stored as "[redacted]": the token preset's, when in the query. */
export type QueryPolicy = ReadonlySet<string>;

const NO_QUERY_POLICY: QueryPolicy = new Set();

export function queryPolicy(v: VerificationConfig): QueryPolicy {
  const token = tokenLocationOf(v);
  return token?.in === "query" ? new Set([token.name.toLowerCase()]) : NO_QUERY_POLICY;
}

/** The query as stored: each parameter named in the policy (any case) keeps its name, its value becomes "[redacted]". */
export function redactQueryNames(names: QueryPolicy, query: string): string {
  if (names.size === 0 || !query) return query;
  const params = new URLSearchParams(query);
  let hit = false;
  for (const name of params.keys()) if (names.has(name.toLowerCase())) hit = true;
  if (!hit) return query;
  const out = new URLSearchParams();
  for (const [name, value] of params) out.append(name, names.has(name.toLowerCase()) ? REDACTED : value);
  return out.toString();
}

// When a flow's verification block cannot be read (a live config_error, a test URL whose draft is
// mid-edit), its secret's header or query name is not known: everything any preset could read the
// secret or a signature from, the header names sender tools commonly put a token in, and the
// common token query names. Names the raw block spells out (its `header`, `name`,
// `timestampHeader`) are added too.
const ANY_PRESET_HEADERS = Object.values(verificationPresets).flatMap((p) => [...p.headers]);
const COMMON_TOKEN_HEADERS = [
  "x-api-key",
  "x-auth-token",
  "x-token",
  "x-webhook-token",
  "x-webhook-secret",
  "x-signature",
  "x-hook-secret",
  "x-gitlab-token",
];
const COMMON_TOKEN_QUERY = [
  "token",
  "access_token",
  "auth_token",
  "api_key",
  "apikey",
  "key",
  "secret",
  "signature",
  "sig",
  "auth",
  "password",
];

export type RedactionPolicy = { headers: HeaderPolicy; query: QueryPolicy };

/**
 * The policy for one endpoint from its trigger's raw `verification` block, parsed on its own: the
 * rest of the trigger config may be invalid (then the flow answers config_error) and what it
 * stores must still hide the secret the sender sent.
 */
export function redactionPolicy(rawVerification: unknown, deniedHeaders: readonly string[] = []): RedactionPolicy {
  const parsed = verificationConfigSchema.safeParse(
    rawVerification === undefined ? { preset: "none" } : rawVerification,
  );
  if (parsed.success) return { headers: headerPolicy(parsed.data, deniedHeaders), query: queryPolicy(parsed.data) };
  const named = ["header", "name", "timestampHeader"].flatMap((field) => {
    const value =
      rawVerification && typeof rawVerification === "object"
        ? (rawVerification as Record<string, unknown>)[field]
        : undefined;
    return typeof value === "string" && value.trim() ? [value.trim().toLowerCase().slice(0, 200)] : [];
  });
  return {
    headers: new Set([
      ...CREDENTIAL_HEADERS,
      ...SIGNATURE_HEADERS,
      ...ANY_PRESET_HEADERS,
      ...COMMON_TOKEN_HEADERS,
      ...named,
      ...deniedHeaders,
    ]),
    query: new Set([...COMMON_TOKEN_QUERY, ...named]),
  };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** The workspace deny-list as owners edit it (PUT /api/settings/webhooks): header names, lower-cased, unique. */
export const deniedHeadersSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "A header name cannot be empty")
      .max(100, "A header name is at most 100 characters")
      .regex(HEADER_NAME, "Not a valid header name (e.g. x-api-key)"),
  )
  .max(100, "At most 100 headers")
  .transform((names) => [...new Set(names)]);

export const webhookSettingsBody = z.object({ deniedHeaders: deniedHeadersSchema });
export type WebhookSettings = z.output<typeof webhookSettingsBody>;

/** The stored list, as validated when it was saved (an unreadable row counts as empty). */
export function readDeniedHeaders(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const parsed = deniedHeadersSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
