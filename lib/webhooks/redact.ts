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
import type { VerificationConfig } from "./verify/presets";

export const REDACTED = "[redacted]";

/** Credentials of whoever sent the request, whatever the flow's verification. */
const CREDENTIAL_HEADERS = ["cookie", "authorization", "proxy-authorization"];

// Every preset's signature header, whatever this flow's preset: a signature proves nothing to a
// reader of the log, and is a replayable proof of origin within its tolerance window.
const SIGNATURE_HEADERS = ["stripe-signature", "x-shopify-hmac-sha256", "x-hub-signature", "x-hub-signature-256", "webhook-signature"];

/** Headers the flow's own verification reads its secret or signature from (lower-case). */
function verificationHeaders(v: VerificationConfig): string[] {
  if (v.preset === "hmac") return [v.header.toLowerCase()];
  if (v.preset === "token" && v.in === "header") return [v.name.toLowerCase()];
  return [];
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
  if (v.preset !== "token" || v.in !== "query") return query;
  const params = new URLSearchParams(query);
  if (!params.has(v.name)) return query;
  params.set(v.name, REDACTED);
  return params.toString();
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
