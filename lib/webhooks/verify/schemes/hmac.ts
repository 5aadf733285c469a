import "server-only";
// An HMAC of the raw body, optionally preceded by text that names a timestamp header's value
// (`${timestamp}.` for the custom preset, `v0:${timestamp}:` for Slack and Zoom) or fixed text
// (Square's notification URL), as `<prefix><digest>` in one header. The custom preset lets the user
// choose every part; the senders that are instances of it (WooCommerce, Lemon Squeezy, Typeform,
// Intercom, Slack, Zoom, Square, Linear) fix them in sender-schemes.ts.
import {
  anyHmacMatches,
  checkFreshness,
  decodeSignature,
  parseTimestamp,
  type Algorithm,
  type Encoding,
} from "../crypto";
import type { ConfigOf } from "../presets";
import { fail, missing, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

export type HmacSpec = {
  /** As the sender spells it, for messages; looked up lower-case. */
  header: string;
  algorithm: Algorithm;
  encoding: Encoding;
  prefix: string;
  /** When set, its value is checked for freshness and `signedPrefix` receives it. */
  timestampHeader?: string;
  /** The text hashed before the body; null timestamp when there is no timestamp header. */
  signedPrefix?: (timestamp: string | null) => string;
  toleranceSeconds: number;
};

export function verifyHmacSpec(
  input: VerifyInput,
  spec: HmacSpec,
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const header = input.headers[spec.header.toLowerCase()];
  if (!header) return missing(spec.header);
  let value = header.trim();
  if (spec.prefix) {
    // Senders disagree on "sha256=" vs "SHA256=", and the prefix carries no secret.
    if (value.slice(0, spec.prefix.length).toLowerCase() !== spec.prefix.toLowerCase()) {
      return fail("malformed", `${spec.header} header does not start with ${quote(spec.prefix)}`);
    }
    value = value.slice(spec.prefix.length);
  }

  let timestamp: number | null = null;
  let t: string | null = null;
  if (spec.timestampHeader) {
    t = input.headers[spec.timestampHeader.toLowerCase()]?.trim() || null;
    if (!t) return missing(spec.timestampHeader);
    timestamp = parseTimestamp(t);
    if (timestamp === null) return fail("malformed", `${spec.timestampHeader} ${quote(t)} is not Unix seconds`);
  }
  const before = spec.signedPrefix?.(t);
  const parts: (string | Uint8Array)[] = before ? [before, input.rawBody] : [input.rawBody];

  const digest = decodeSignature(value, spec.encoding, spec.algorithm);
  if (!digest || !anyHmacMatches(spec.algorithm, secrets, parts, [digest])) {
    return fail("bad_signature", `${spec.header} does not match the body (checked ${secretCount(secrets)})`);
  }
  return (timestamp === null ? null : checkFreshness(timestamp, spec.toleranceSeconds, now)) ?? OK;
}

/** The custom preset: `<prefix><digest>` over the raw body, or over `${timestamp}.${rawBody}` when a timestamp header is named. */
export function verifyHmac(
  input: VerifyInput,
  config: ConfigOf<"hmac">,
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  return verifyHmacSpec(
    input,
    { ...config, signedPrefix: config.timestampHeader ? (t) => `${t}.` : undefined },
    secrets,
    now,
  );
}
