// Inngest request signing: HMAC-SHA256 over the RFC 8785 canonical JSON of the body followed by
// the unix timestamp, keyed with the signing key minus its `signkey-<env>-` prefix. The SDK
// verifies our requests this way and signs its answers the same way.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

const PREFIX = /^signkey-[\w]+-/;
const MAX_AGE_S = 300;

const rawKey = (signingKey: string) => signingKey.replace(PREFIX, "");

/** Serializes a request body the way the SDK re-serializes it before checking the signature. */
export const canonicalJson = (value: unknown): string => canonicalize(value) ?? "null";

export function sign(body: string, signingKey: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000).toString();
  return `t=${t}&s=${createHmac("sha256", rawKey(signingKey))
    .update(body + t)
    .digest("hex")}`;
}

/** Checks an SDK answer's X-Inngest-Signature over its raw body. */
export function verify(body: string, header: string | null, signingKey: string, nowMs = Date.now()): boolean {
  if (!header) return false;
  const p = new URLSearchParams(header);
  const t = p.get("t");
  const s = p.get("s");
  if (!t || !s || Math.abs(nowMs / 1000 - Number(t)) > MAX_AGE_S) return false;
  const expected = Buffer.from(
    createHmac("sha256", rawKey(signingKey))
      .update(body + t)
      .digest("hex"),
  );
  const given = Buffer.from(s);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What the SDK sends as `Authorization: Bearer ...` on out-of-band registration. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = PREFIX.exec(signingKey)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(rawKey(signingKey), "hex"))
      .digest("hex")
  );
}
