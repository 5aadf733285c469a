import "server-only";
// The primitives every scheme shares. Signatures are compared as decoded digest bytes with
// timingSafeEqual, never as strings; HMACs are fed the raw body as received, never a re-encoding.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { fail, type Clock, type VerifyResult } from "./result";

export type Algorithm = "sha256" | "sha1";
export type Encoding = "hex" | "base64";

const DIGEST_BYTES: Record<Algorithm, number> = { sha256: 32, sha1: 20 };
const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/; // standard or URL-safe alphabet
const UNIX_SECONDS = /^\d{1,12}$/;

/** The digest a sender claims, or null when it cannot be one (wrong length or alphabet). */
export function decodeSignature(value: string, encoding: Encoding, algorithm: Algorithm): Buffer | null {
  const size = DIGEST_BYTES[algorithm];
  if (encoding === "hex") return value.length === size * 2 && HEX.test(value) ? Buffer.from(value, "hex") : null;
  if (value.length > Math.ceil(size / 3) * 4 || !BASE64.test(value)) return null;
  const digest = Buffer.from(value, "base64");
  return digest.length === size ? digest : null;
}

/**
 * True when the HMAC of `parts` under any key equals any candidate. Parts are hashed in turn, so the
 * raw body is never copied; each key's digest is computed once whatever the number of candidates.
 */
export function anyHmacMatches(
  algorithm: Algorithm,
  keys: readonly (string | Buffer)[],
  parts: readonly (string | Uint8Array)[],
  candidates: readonly Buffer[],
): boolean {
  if (candidates.length === 0) return false;
  for (const key of keys) {
    const hmac = createHmac(algorithm, key);
    for (const part of parts) hmac.update(part);
    const digest = hmac.digest();
    for (const candidate of candidates) {
      if (candidate.length === digest.length && timingSafeEqual(candidate, digest)) return true;
    }
  }
  return false;
}

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time equality of two strings; hashing first hides the secret's length as well. */
export function secretEquals(received: string, secret: string): boolean {
  return timingSafeEqual(sha256(received), sha256(secret));
}

export function anySecretEquals(received: string, secrets: readonly string[]): boolean {
  let matched = false;
  for (const secret of secrets) matched = secretEquals(received, secret) || matched;
  return matched;
}

/** Unix seconds as plain digits, or null. */
export function parseTimestamp(value: string): number | null {
  return UNIX_SECONDS.test(value) ? Number(value) : null;
}

/** Too old and too far ahead fail alike: a clock that runs ahead is as good as a replay window. */
export function checkFreshness(timestamp: number, toleranceSeconds: number, now: Clock): VerifyResult | null {
  const age = Math.floor(now() / 1000) - timestamp;
  if (age > toleranceSeconds)
    return fail("stale_timestamp", `Timestamp ${timestamp} is ${age} s old (tolerance ${toleranceSeconds} s)`);
  if (-age > toleranceSeconds)
    return fail(
      "future_timestamp",
      `Timestamp ${timestamp} is ${-age} s in the future (tolerance ${toleranceSeconds} s)`,
    );
  return null;
}
