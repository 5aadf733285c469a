import "server-only";
// X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed by the app's client secret.
// Shopify signs no timestamp, so a captured delivery can be replayed: dedupe on X-Shopify-Webhook-Id.
import { anyHmacMatches, decodeSignature } from "../crypto";
import { fail, missing, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

export function verifyShopify(input: VerifyInput, secrets: readonly string[]): VerifyResult {
  const header = input.headers["x-shopify-hmac-sha256"];
  if (!header) return missing("X-Shopify-Hmac-Sha256");
  const digest = decodeSignature(header.trim(), "base64", "sha256");
  if (!digest || !anyHmacMatches("sha256", secrets, [input.rawBody], [digest])) {
    return fail("bad_signature", `X-Shopify-Hmac-Sha256 does not match the body (checked ${secretCount(secrets)})`);
  }
  return OK;
}
