// Sign-in, sign-up and password-change rate limits, kept in the database so every app instance
// shares them (table RateLimit: key, count, lastRequest = start of the current window in ms).
//   per client address: 30 attempts (sign-in and sign-up together) per 15 minutes, when the client
//   address is known (see clientIp); counted first
//   per account from one client address: 5 attempts per 15 minutes (all unknown addresses are one
//   address); a success clears the counter
//   per account over all addresses: 100 attempts per 15 minutes
// A limit that refuses stops the count there: an address over its budget spends no account's
// budget, and an (account, address) pair over its limit spends nothing of the account's total.
// So one address cannot lock anybody else out of an account (it spends only its own 5 of it), and
// locking an account for everyone takes ≥ 20 addresses each sending 5 wrong passwords that are
// all checked (docs/security.md: the remaining risk; `npm run hookline -- user:unlock` clears it).
//
// An attempt is counted BEFORE the password is checked, by one atomic statement that increments
// the counter (or starts a new window) and returns the new count. Only the attempts whose count is
// within the limit reach the password check, so concurrency cannot buy extra guesses: 100 parallel
// guesses for one account from one address get 5 password checks and 95 answers of 429. (Counting
// after the check, with a read before it, let ~84 of 100 parallel guesses through.)
// Rows whose window has ended are deleted by the retention sweep (sweepLoginCounters).
import "server-only";
import { createHash } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { requestClientAddress } from "@/lib/net/client-address";
import { connectionSource, PEER_ADDRESS_HEADER } from "@/lib/net/public-listener";

export const WINDOW_MS = 15 * 60_000;
/** Per account from one client address (the limit a guesser from one place meets). */
export const MAX_ATTEMPTS_PER_ACCOUNT = 5;
/** Per account over all addresses: bounds a guesser with many addresses. */
export const MAX_ATTEMPTS_PER_ACCOUNT_TOTAL = 100;
export const MAX_ATTEMPTS_PER_IP = 30;

export { PEER_ADDRESS_HEADER };

const accountHash = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
const accountKey = (email: string) => `login:email:${accountHash(email)}`;
// By source as the listener counts connections (an IPv6 /64 is one source: its holder has 2^64
// addresses, not 2^64 budgets). Bounded: the address comes from a header.
const source = (ip: string) => connectionSource(ip).slice(0, 64);
const ipKey = (ip: string) => `login:ip:${source(ip)}`;
/** The account's attempts from one address; every client whose address is unknown shares one. */
const pairPrefix = (email: string) => `login:pair:${accountHash(email)}:`;
const pairKey = (email: string, ip: string | null) => `${pairPrefix(email)}${ip ? source(ip) : "unknown"}`;

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
 * Call before checking a password (sign-in, password change): counts the attempt for the client
 * address (when known), then for the account from that address, then for the account; refuses
 * (429) at the first that is over its limit, without counting the ones after it. Counting the
 * account even for an address over its budget (as before) let one address keep every account
 * locked with 6 requests per account per 15 minutes, none of which cost it a password check.
 */
export async function countLoginAttempt(email: string, ip: string | null) {
  if (ip && (await countAttempt(ipKey(ip))) > MAX_ATTEMPTS_PER_IP) throw limited();
  if ((await countAttempt(pairKey(email, ip))) > MAX_ATTEMPTS_PER_ACCOUNT) throw limited();
  if ((await countAttempt(accountKey(email))) > MAX_ATTEMPTS_PER_ACCOUNT_TOTAL) throw limited();
}

/** Call before creating an account: sign-up shares the client address's budget with sign-in
 * (each attempt costs a password hash). Without a known address there is no sign-up limit. */
export async function countSignUpAttempt(ip: string | null) {
  if (ip && (await countAttempt(ipKey(ip))) > MAX_ATTEMPTS_PER_IP) throw limited();
}

/**
 * A correct password clears the account's counter from this address: the user's own earlier typos
 * (and the attempt just counted for this success, i.e. it is refunded) no longer count. The
 * address's counter is not refunded: it limits attempts from one place, successful or not; nor is
 * the account's total, which other addresses' guesses fill.
 */
export async function loginSucceeded(email: string, ip: string | null) {
  const db = await getDb();
  await db.rateLimit.deleteMany({ where: { key: pairKey(email, ip) } });
}

/** Lifts every sign-in limit on the account (the operator's `user:unlock`, a password reset):
 * its total and its count from every address. The addresses' own budgets stay. */
export async function clearAccountLimits(email: string): Promise<number> {
  const db = await getDb();
  const { count } = await db.rateLimit.deleteMany({
    where: { OR: [{ key: accountKey(email) }, { key: { startsWith: pairPrefix(email) } }] },
  });
  return count;
}

/**
 * Deletes the counters whose window has ended (called by the retention sweep): each sign-in with a
 * new e-mail address, or from a new address, leaves a row. A row past its window counts exactly
 * like no row (countAttempt starts a new window at 1), so deleting it changes no answer. In
 * batches, each a short statement; a row whose window restarted meanwhile is kept.
 */
export async function sweepLoginCounters(now = Date.now(), batchSize = 1_000): Promise<number> {
  const db = await getDb();
  const ended = { lastRequest: { lte: BigInt(now - WINDOW_MS) } };
  let deleted = 0;
  for (;;) {
    const ids = (await db.rateLimit.findMany({ where: ended, take: batchSize, select: { id: true } })).map((r) => r.id);
    if (ids.length === 0) break;
    deleted += (await db.rateLimit.deleteMany({ where: { id: { in: ids }, ...ended } })).count;
    if (ids.length < batchSize) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return deleted;
}

/**
 * The client address for the per-address limit, or null (no per-address limit): the same address
 * the webhook budgets count by (lib/net/client-address.ts: the peer, or with HOOKLINE_TRUST_PROXY=1
 * the last X-Forwarded-For hop). Under `next dev` nothing sets the peer: only the per-account limit holds.
 */
export function clientIp(req: Request): string | null {
  return requestClientAddress(req);
}
