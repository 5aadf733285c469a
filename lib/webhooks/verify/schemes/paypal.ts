import "server-only";
// PayPal: PAYPAL-TRANSMISSION-SIG is a base64 RSA signature (PAYPAL-AUTH-ALGO, SHA256withRSA) of
// `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody)}` (CRC32 as an unsigned
// decimal), checked with the certificate at PAYPAL-CERT-URL. The webhook id is configured as the
// preset's secret (it is what binds a delivery to this endpoint; rotation = two ids). Chosen over
// PayPal's verify-webhook-signature API, which needs OAuth client credentials and a round trip to
// PayPal per delivery; the certificate is fetched once and cached (paypal-certs.ts, fetched before
// verification by prepareVerification). PayPal signs no freshness window: its event id
// deduplicates replays.
import { createPublicKey, verify } from "node:crypto";
import { crc32 } from "node:zlib";
import { cachedPaypalCert, paypalCertUrlProblem } from "../paypal-certs";
import { fail, OK, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

const REQUIRED = ["paypal-transmission-id", "paypal-transmission-time", "paypal-transmission-sig", "paypal-cert-url"];

export function verifyPaypal(input: VerifyInput, webhookIds: readonly string[], now: Clock): VerifyResult {
  const absent = REQUIRED.filter((h) => !input.headers[h]);
  if (absent.length > 0) return fail("missing_signature", `${absent.join(", ")} missing`);
  const algo = input.headers["paypal-auth-algo"]?.trim() ?? "SHA256withRSA";
  if (algo !== "SHA256withRSA") return fail("malformed", `PAYPAL-AUTH-ALGO ${algo} is not supported (SHA256withRSA)`);
  const certUrl = input.headers["paypal-cert-url"]!.trim();
  const problem = paypalCertUrlProblem(certUrl);
  if (problem) return fail("bad_signature", problem);
  const pem = cachedPaypalCert(certUrl, now());
  if (!pem) return fail("bad_signature", "PayPal's certificate could not be fetched from PAYPAL-CERT-URL");

  const crc = crc32(input.rawBody) >>> 0;
  const id = input.headers["paypal-transmission-id"]!.trim();
  const time = input.headers["paypal-transmission-time"]!.trim();
  const signature = Buffer.from(input.headers["paypal-transmission-sig"]!.trim(), "base64");
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    return fail("bad_signature", "PAYPAL-CERT-URL did not hold a certificate");
  }
  const matched = webhookIds.some((webhookId) =>
    verify("sha256", Buffer.from(`${id}|${time}|${webhookId}|${crc}`), key, signature),
  );
  return matched
    ? OK
    : fail("bad_signature", `PAYPAL-TRANSMISSION-SIG does not match (checked ${secretCount(webhookIds)} webhook ids)`);
}
