// Signing in from integration tests: real users, sessions and API keys in the test database
// (better-auth creates the user and the session; the cookie is what a browser would send).
//
//   const owner = await signedIn({ workspaceId, role: "owner" });
//   await POST(new Request(url, { method: "POST", headers: owner.headers({ "content-type": "application/json" }), body }), ctx);
//
// `headers()` adds the session cookie and this app's Origin (cookie mutations need it: CSRF).
import { randomUUID } from "node:crypto";
import { createApiKey } from "@/lib/auth/api-keys";
import { getAuth } from "@/lib/auth/auth";
import type { ApiKeyScope, Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";

export const TEST_ORIGIN = "http://localhost";

export async function newTestWorkspace(label = "test") {
  const db = await getDb();
  return (await db.workspace.create({ data: { id: newId("ws"), name: label } })).id;
}

export type TestUser = Awaited<ReturnType<typeof signedIn>>;

/** A new user who is `role` in `workspaceId` (when given), signed in. */
export async function signedIn(opts: { workspaceId?: string; role?: Role; email?: string; password?: string } = {}) {
  const email = opts.email ?? `u-${randomUUID().slice(0, 12)}@example.test`;
  const password = opts.password ?? `pw-${randomUUID()}`;
  const auth = await getAuth();
  const res = await auth.api.signUpEmail({
    body: { email, password, name: email.split("@")[0] ?? email },
    returnHeaders: true,
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const db = await getDb();
  const userId = res.response.user.id;
  let memberId: string | null = null;
  if (opts.workspaceId) {
    memberId = newId("mem");
    await db.member.create({
      data: { id: memberId, workspaceId: opts.workspaceId, userId, role: opts.role ?? "owner" },
    });
    await db.session.update({ where: { token: res.response.token! }, data: { activeWorkspaceId: opts.workspaceId } });
  }
  return {
    email,
    password,
    userId,
    memberId,
    cookie,
    headers: (extra: Record<string, string> = {}) => ({ cookie, origin: TEST_ORIGIN, ...extra }),
  };
}

/** A new API key of `workspaceId`, held by `holderId` (by default a new owner of the workspace: a
 * key never acts beyond its holder's role); `headers()` carries it as a bearer token. */
export async function apiKey(workspaceId: string, scope: ApiKeyScope, holderId?: string) {
  const holder = holderId ?? (await signedIn({ workspaceId, role: "owner" })).userId;
  const { key, id } = await createApiKey(workspaceId, { name: `test ${scope}`, scope }, holder, "owner");
  return { key, id, headers: (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra }) };
}
