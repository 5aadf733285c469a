// Sign-in (and sign-up) rate limit, kept in the database so every app instance shares it
// (table RateLimit: key, count, lastRequest = start of the current window in ms).
//   per e-mail address: 5 failed attempts per 15 minutes (a success clears it)
//   per client address: 30 attempts per 15 minutes, only behind a proxy that sets X-Forwarded-For
//   (HOOKLINE_TRUST_PROXY=1): Next does not tell a route the socket's address, and a header the
//   client may forge must not key a limit
import "server-only";
import { createHash } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_ATTEMPTS_PER_IP = 30;

const emailKey = (email: string) => `login:email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

async function current(key: string, now: number): Promise<number> {
  const db = await getDb();
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || now - Number(row.lastRequest) >= WINDOW_MS) return 0;
  return row.count;
}

async function bump(key: string, now: number) {
  const db = await getDb();
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row) {
    await db.rateLimit.upsert({ where: { key }, create: { id: newId("rl"), key, count: 1, lastRequest: BigInt(now) }, update: { count: { increment: 1 } } });
  } else if (now - Number(row.lastRequest) >= WINDOW_MS) {
    await db.rateLimit.update({ where: { key }, data: { count: 1, lastRequest: BigInt(now) } });
  } else {
    await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
  }
}

const limited = () => new ApiError("rate_limited", "Too many sign-in attempts. Wait a few minutes and try again.");

/** Call before checking a password: counts the attempt for the address, refuses when over a limit. */
export async function beforeLogin(email: string, ip: string | null) {
  const now = Date.now();
  if (ip && (await current(ipKey(ip), now)) >= MAX_ATTEMPTS_PER_IP) throw limited();
  if ((await current(emailKey(email), now)) >= MAX_FAILURES_PER_EMAIL) throw limited();
  if (ip) await bump(ipKey(ip), now);
}

export async function loginFailed(email: string) {
  await bump(emailKey(email), Date.now());
}

export async function loginSucceeded(email: string) {
  const db = await getDb();
  await db.rateLimit.deleteMany({ where: { key: emailKey(email) } });
}

/** The client address for rate limiting: the first X-Forwarded-For hop, only behind a trusted proxy. */
export function clientIp(req: Request): string | null {
  if (env().HOOKLINE_TRUST_PROXY !== "1") return null;
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}
