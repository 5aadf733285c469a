import "server-only";
// Mailgun signs inside the body: `signature: { timestamp, token, signature }`, the signature
// being the hex HMAC-SHA256 of timestamp followed by token, keyed by the HTTP webhook signing key.
// The body itself is not covered (Mailgun's design); the timestamp is checked for freshness and
// the event id (event-data.id) deduplicates a replay within the window.
import { anyHmacMatches, checkFreshness, decodeSignature, parseTimestamp } from "../crypto";
import { readJsonPath } from "../json-path";
import { fail, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

function parse(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return undefined;
  }
}

export function verifyMailgun(
  input: VerifyInput,
  config: { toleranceSeconds: number },
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const json = parse(input.rawBody);
  const field = (name: string) => {
    const v = readJsonPath(json, `signature.${name}`);
    return typeof v === "string" || typeof v === "number" ? String(v) : null;
  };
  const [t, token, signature] = [field("timestamp"), field("token"), field("signature")];
  if (!t || !token || !signature)
    return fail("missing_signature", "The body has no signature object with timestamp, token and signature");
  const timestamp = parseTimestamp(t);
  if (timestamp === null) return fail("malformed", `signature.timestamp ${quote(t)} is not Unix seconds`);
  const digest = decodeSignature(signature, "hex", "sha256");
  if (!digest || !anyHmacMatches("sha256", secrets, [t, token], [digest]))
    return fail("bad_signature", `signature.signature does not match (checked ${secretCount(secrets)})`);
  return checkFreshness(timestamp, config.toleranceSeconds, now) ?? OK;
}
