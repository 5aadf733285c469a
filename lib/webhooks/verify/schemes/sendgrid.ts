import "server-only";
// SendGrid's signed Event Webhook: X-Twilio-Email-Event-Webhook-Signature holds a base64 DER
// ECDSA (P-256, SHA-256) signature of the X-Twilio-Email-Event-Webhook-Timestamp value followed
// by the raw body. The "secret" is SendGrid's public verification key (base64 DER
// SubjectPublicKeyInfo, as the settings page shows it): nothing here can sign.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { checkFreshness, parseTimestamp } from "../crypto";
import { fail, missing, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

const SIGNATURE = "x-twilio-email-event-webhook-signature";
const TIMESTAMP = "x-twilio-email-event-webhook-timestamp";

function publicKey(secret: string): KeyObject | null {
  try {
    const text = secret.trim();
    return text.startsWith("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
  } catch {
    return null;
  }
}

export function verifySendgrid(
  input: VerifyInput,
  config: { toleranceSeconds: number },
  secrets: readonly string[],
  now: Clock,
): VerifyResult {
  const signature = input.headers[SIGNATURE];
  if (!signature) return missing("X-Twilio-Email-Event-Webhook-Signature");
  const t = input.headers[TIMESTAMP]?.trim();
  if (!t) return missing("X-Twilio-Email-Event-Webhook-Timestamp");
  const timestamp = parseTimestamp(t);
  if (timestamp === null)
    return fail("malformed", `X-Twilio-Email-Event-Webhook-Timestamp ${quote(t)} is not Unix seconds`);
  const keys = secrets.map(publicKey).filter((k): k is KeyObject => k !== null);
  if (keys.length === 0) return fail("no_secret", "The SendGrid verification key is not a base64 public key");
  const signed = Buffer.concat([Buffer.from(t, "utf8"), input.rawBody]);
  const sig = Buffer.from(signature.trim(), "base64");
  const matched = keys.some((key) => {
    try {
      return verify("sha256", signed, { key, dsaEncoding: "der" }, sig);
    } catch {
      return false;
    }
  });
  if (!matched)
    return fail(
      "bad_signature",
      `X-Twilio-Email-Event-Webhook-Signature does not match the body (checked ${secretCount(keys)})`,
    );
  return checkFreshness(timestamp, config.toleranceSeconds, now) ?? OK;
}
