// Sign-in, sign-up and password-change rate limits, kept in the database so every app instance
// shares them (table RateLimit: key, count, lastRequest = start of the current window in ms).
//   per account (e-mail address): 5 attempts per 15 minutes; a success clears the counter
//   per client address: 30 attempts (sign-in and sign-up together) per 15 minutes, when the client
//   address is known (see clientIp)
//
// An attempt is counted BEFORE the password is checked, by one atomic statement that increments
// the counter (or starts a new window) and returns the new count. Only the attempts whose count is
// within the limit reach the password check, so concurrency cannot buy extra guesses: 100 parallel
// guesses for one account get 5 password checks and 95 answers of 429. (Counting after the check,
// with a read before it, let ~84 of 100 parallel guesses through.)
import "server-only";
import { createHash } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { connectionSource, PEER_ADDRESS_HEADER } from "@/lib/net/public-listener";

export const WINDOW_MS = 15 * 60_000;
export const MAX_ATTEMPTS_PER_ACCOUNT = 5;
export const MAX_ATTEMPTS_PER_IP = 30;

export { PEER_ADDRESS_HEADER };

const accountKey = (email: string) => `login:email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}`;
// By source as the listener counts connections (an IPv6 /64 is one source: its holder has 2^64
// addresses, not 2^64 budgets). Bounded: the address comes from a header.
const ipKey = (ip: string) => `login:ip:${connectionSource(ip).slice(0, 64)}`;

/**
 * Counts one attempt under `key` and returns the count in the current window, atomically: a
 * single INSERT ... ON CONFLICT DO UPDATE ... RETURNING (SQLite ≥ 3.35 and PostgreSQL), which
 * starts a new window (count 1) when the stored one is older than WINDOW_MS. Both databases
 * evaluate every SET expression against the row as it was, so `count` and `lastRequest` reset
 * together; concurrent attempts serialize on the key's unique index and each sees its own count.
 */
export async function countAttempt(key: string, now = Date.now()): Promise<number> {
  const db = await getDb();
  const at = BigInt(now);
  const windowStart = BigInt(now - WINDOW_MS);
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimit" ("id", "key", "count", "lastRequest")
    VALUES (${newId("rl")}, ${key}, 1, ${at})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN ${at} ELSE "RateLimit"."lastRequest" END
    RETURNING "count"`;
  return Number(rows[0]!.count);
}

const limited = () => new ApiError("rate_limited", "Too many sign-in attempts. Wait a few minutes and try again.");

/**
 * Call before checking a password (sign-in, password change): counts the attempt for the account
 * and, when known, the client address; refuses (429) when either is over its limit.
 */
export async function countLoginAttempt(email: string, ip: string | null) {
  // Both counted even when the first is over: an attacker spreading guesses over accounts still
  // spends the address's budget, and one rotating addresses still spends the account's.
  const [account, address] = await Promise.all([countAttempt(accountKey(email)), ip ? countAttempt(ipKey(ip)) : 0]);
  if (account > MAX_ATTEMPTS_PER_ACCOUNT || address > MAX_ATTEMPTS_PER_IP) throw limited();
}

/** Call before creating an account: sign-up shares the client address's budget with sign-in
 * (each attempt costs a password hash). Without a known address there is no sign-up limit. */
export async function countSignUpAttempt(ip: string | null) {
  if (ip && (await countAttempt(ipKey(ip))) > MAX_ATTEMPTS_PER_IP) throw limited();
}

/**
 * A correct password clears the account's counter: the user's own earlier typos (and the attempt
 * just counted for this success, i.e. it is refunded) no longer count. The address's counter is
 * not refunded: it limits attempts from one place, successful or not.
 */
export async function loginSucceeded(email: string) {
  const db = await getDb();
  await db.rateLimit.deleteMany({ where: { key: accountKey(email) } });
}

/**
 * The client address for the per-address limit, or null (no per-address limit):
 * - HOOKLINE_TRUST_PROXY=1: the first X-Forwarded-For hop, as set by the operator's own proxy.
 * - otherwise the PEER_ADDRESS_HEADER. It can be trusted because the public listener
 *   (lib/net/public-listener.ts setPeerAddress, used by scripts/server.ts under `npm start`)
 *   removes it from every incoming request and sets it to the TCP socket's remote address before
 *   Next sees the request; a client cannot pass its own value through. Under `next dev` nothing sets it and the address is unknown: only the per-account
 *   limit holds there (a client of a dev server could send the header itself, which only chooses
 *   whose address budget it spends; a dev server is not exposed).
 */
export function clientIp(req: Request): string | null {
  if (env().HOOKLINE_TRUST_PROXY === "1") return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
  return req.headers.get(PEER_ADDRESS_HEADER)?.trim() || null;
}
