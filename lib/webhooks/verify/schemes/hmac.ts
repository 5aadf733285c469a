import "server-only";
// A configurable HMAC for senders without a preset: `<prefix><digest>` in a header of the user's
// choice over the raw body, or over `${timestamp}.${rawBody}` when a timestamp header is named.
import { anyHmacMatches, checkFreshness, decodeSignature, parseTimestamp } from "../crypto";
import type { ConfigOf } from "../presets";
import { fail, missing, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

export function verifyHmac(
  input: VerifyInput,
  config: ConfigOf<"hmac">,
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const header = input.headers[config.header.toLowerCase()];
  if (!header) return missing(config.header);
  let value = header.trim();
  if (config.prefix) {
    // Senders disagree on "sha256=" vs "SHA256=", and the prefix carries no secret.
    if (value.slice(0, config.prefix.length).toLowerCase() !== config.prefix.toLowerCase()) {
      return fail("malformed", `${config.header} header does not start with ${quote(config.prefix)}`);
    }
    value = value.slice(config.prefix.length);
  }

  let timestamp: number | null = null;
  const parts: (string | Uint8Array)[] = [input.rawBody];
  if (config.timestampHeader) {
    const t = input.headers[config.timestampHeader.toLowerCase()]?.trim();
    if (!t) return missing(config.timestampHeader);
    timestamp = parseTimestamp(t);
    if (timestamp === null) return fail("malformed", `${config.timestampHeader} ${quote(t)} is not Unix seconds`);
    parts.unshift(`${t}.`);
  }

  const digest = decodeSignature(value, config.encoding, config.algorithm);
  if (!digest || !anyHmacMatches(config.algorithm, secrets, parts, [digest])) {
    return fail("bad_signature", `${config.header} does not match the body (checked ${secretCount(secrets)})`);
  }
  return (timestamp === null ? null : checkFreshness(timestamp, config.toleranceSeconds, now)) ?? OK;
}
