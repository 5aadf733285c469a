// The better-auth instance: e-mail + password accounts, scrypt password hashes (better-auth's
// default, pure JS via @noble/hashes), database sessions in an HTTP-only SameSite=Lax cookie.
// Hookline calls it server-side (auth.api.*) from its own routes (app/api/auth/*), which add the
// invite rules, the database rate limit and the CSRF origin check; better-auth's own HTTP router
// is not mounted. Built lazily (the database opens on first use) and cached on globalThis.
import "server-only";
import { createHmac } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { getDb, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { secretKey } from "@/lib/crypto/secret-key";
import { newId } from "@/lib/ids";

export const SESSION_DAYS = 14;
export const MIN_PASSWORD = 10;
export const COOKIE_PREFIX = "hookline";

async function build() {
  const db = await getDb();
  const publicUrl = env().HOOKLINE_PUBLIC_URL;
  return betterAuth({
    appName: "Hookline",
    // Only decides the cookie's Secure flag here (https public URL = Secure cookies).
    baseURL: publicUrl ?? "http://localhost",
    // Signs the session cookie; derived from the instance's secret key, never stored.
    secret: createHmac("sha256", secretKey()).update("hookline:better-auth:v1").digest("base64url"),
    database: prismaAdapter(db, { provider: usingPostgres() ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD, maxPasswordLength: 256, autoSignIn: true },
    session: {
      expiresIn: SESSION_DAYS * 86_400,
      updateAge: 86_400,
      additionalFields: { activeWorkspaceId: { type: "string", required: false, input: false } },
    },
    // Hookline rate-limits sign-in itself (lib/auth/login-limit.ts), per address and per e-mail.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: Boolean(publicUrl?.startsWith("https://")),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
      // The origin check lives in apiRoute (lib/auth/csrf.ts) for every cookie-authenticated mutation.
      disableCSRFCheck: true,
      database: { generateId: ({ model }) => newId(model === "user" ? "usr" : model.slice(0, 4)) },
    },
  });
}

type Auth = Awaited<ReturnType<typeof build>>;
const g = globalThis as unknown as { __hooklineAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  g.__hooklineAuth ??= build().catch((e) => {
    g.__hooklineAuth = undefined;
    throw e;
  });
  return g.__hooklineAuth;
}

/** The session cookie's name as sent by browsers (with the __Secure- prefix behind https). */
export const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;
