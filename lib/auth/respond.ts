// Small helpers for the account routes.
import "server-only";
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { principalInContext, type Principal } from "./principal";

/** A JSON answer carrying better-auth's Set-Cookie headers (session cookie set or cleared). */
export function withCookies(body: unknown, cookies: string[], status = 200) {
  const res = NextResponse.json(body, { status });
  for (const c of cookies) res.headers.append("set-cookie", c);
  return res;
}

/** The signed-in user of this request (routes with the "session" rule or a role, cookie only). */
export function currentUser(): Extract<Principal, { kind: "user" }> {
  const p = principalInContext();
  if (p?.kind !== "user") throw new ApiError("forbidden", "This needs a signed-in user, not an API key");
  return p;
}

/** The id of whoever acts (user or API key), for createdBy columns. */
export function actorId(): string | null {
  const p = principalInContext();
  return p ? (p.kind === "user" ? p.userId : p.keyId) : null;
}
