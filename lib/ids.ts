// Identifiers. Row ids are sortable (time prefix) so "newest first" is an index scan; webhook
// tokens are pure randomness (>= 128 bits) because they are the secret part of a public URL.
import { randomBytes, randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

// Random bytes for ids are drawn from a pool refilled 4 KiB at a time (one call into the CSPRNG
// per ~340 ids instead of one per id: ids are made on the ingest hot path).
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

function base36Random(bytes: number): string {
  if (poolAt + bytes > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  let out = "";
  for (let i = 0; i < bytes; i++) out += ALPHABET[POOL[poolAt++]! % 36];
  return out;
}

/** A time-sortable id: 9 chars of millisecond time in base 36, then 12 random chars. */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, "0")}${base36Random(12)}`;
}

/** `n` time-sortable ids in ascending order (those of one millisecond differ only by their random part). */
export function newIds(prefix: string, n: number): string[] {
  return Array.from({ length: n }, () => newId(prefix)).sort();
}

/** A webhook token: 24 random bytes (192 bits), base64url. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}
