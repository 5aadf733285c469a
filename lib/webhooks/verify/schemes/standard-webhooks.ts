import "server-only";
// Standard Webhooks (Svix and others): webhook-signature holds space-separated `v1,<base64>`
// entries (several during a rotation; any may match) over `${id}.${timestamp}.${rawBody}`. The key
// is the base64 after the whsec_ prefix, decoded. `v1a` (ed25519) entries are skipped. Svix, which
// wrote the standard, still sends its headers as svix-id, svix-timestamp and svix-signature (Clerk).
import { anyHmacMatches, checkFreshness, decodeSignature, parseTimestamp } from "../crypto";
import { fail, OK, quote, secretCount, type Clock, type VerifyInput, type VerifyResult } from "../result";

function decodeKey(secret: string): Buffer | null {
  const base64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const key = Buffer.from(base64, "base64");
  return key.length > 0 ? key : null;
}

export function verifyStandardWebhooks(
  input: VerifyInput,
  config: { toleranceSeconds: number },
  secrets: readonly string[],
  now: Clock,
  headerPrefix: "webhook-" | "svix-" = "webhook-",
): VerifyResult {
  const [idHeader, timestampHeader, signatureHeader] = ["id", "timestamp", "signature"].map((h) => headerPrefix + h);
  const absent = [idHeader!, timestampHeader!, signatureHeader!].filter((h) => !input.headers[h]);
  if (absent.length > 0)
    return fail(
      "missing_signature",
      `${absent.join(", ")} ${absent.length === 1 ? "header is" : "headers are"} missing`,
    );
  const id = input.headers[idHeader!]!;
  const t = input.headers[timestampHeader!]!.trim();
  const timestamp = parseTimestamp(t);
  if (timestamp === null) return fail("malformed", `${timestampHeader} ${quote(t)} is not Unix seconds`);

  let v1Count = 0;
  const signatures: Buffer[] = [];
  for (const entry of input.headers[signatureHeader!]!.split(" ")) {
    if (!entry.startsWith("v1,")) continue;
    v1Count++;
    const digest = decodeSignature(entry.slice(3), "base64", "sha256");
    if (digest) signatures.push(digest);
  }
  if (v1Count === 0)
    return fail("malformed", `${signatureHeader} header has no v1 signature (only v1, HMAC-SHA256, is supported)`);

  const keys = secrets.map(decodeKey).filter((k): k is Buffer => k !== null);
  if (keys.length === 0)
    return fail("no_secret", "The Standard Webhooks secret is not base64 (expected whsec_<base64>)");
  if (!anyHmacMatches("sha256", keys, [`${id}.${t}.`, input.rawBody], signatures)) {
    return fail(
      "bad_signature",
      `No v1 signature in the ${signatureHeader} header matches the body (checked ${secretCount(keys)})`,
    );
  }
  return checkFreshness(timestamp, config.toleranceSeconds, now) ?? OK;
}
