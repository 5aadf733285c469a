// Accounts on SQLite and PostgreSQL through the real routes: the first user owns the install,
// later sign-ups need an invite (used once) unless registration is open; sign-in has one generic
// error and a rate limit kept in the database; password change ends other sessions; API keys are
// stored hashed, shown once, revocable, with a last-used time; the audit log records who did what.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { POST as createKey, GET as listKeys } from "@/app/api/api-keys/route";
import { DELETE as revokeKey } from "@/app/api/api-keys/[id]/route";
import { GET as auditLog } from "@/app/api/audit/route";
import { POST as changePassword } from "@/app/api/auth/password/route";
import { GET as session } from "@/app/api/auth/session/route";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { POST as signUp } from "@/app/api/auth/sign-up/route";
import { POST as createFlowRoute, GET as listFlowsRoute } from "@/app/api/flows/route";
import { POST as publish } from "@/app/api/flows/[id]/publish/route";
import { POST as invite } from "@/app/api/invites/route";
import { DELETE as removeMember } from "@/app/api/members/[id]/route";
import { PUT as registration } from "@/app/api/settings/registration/route";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { TEST_ORIGIN } from "../support/auth";

type Handler = (req: Request, ctx: never) => Promise<Response>;
const call = async (
  h: Handler,
  path: string,
  opts: { method?: string; body?: unknown; cookie?: string; bearer?: string; params?: Record<string, string> } = {},
) => {
  const headers: Record<string, string> = { origin: TEST_ORIGIN };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await h(
    new Request(`${TEST_ORIGIN}${path}`, {
      method: opts.method ?? "POST",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    {
      params: Promise.resolve(opts.params ?? {}),
    } as never,
  );
  const text = await res.text();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    status: res.status,
    text, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many shapes, read field by field
    json: text ? (JSON.parse(text) as Record<string, any>) : null,
    cookie,
    setCookie: res.headers.getSetCookie(),
  };
};
const email = (label: string) => `${label}-${newId("u").slice(-8)}@example.test`;

// The install starts without users (this file runs against its own fresh database state: it
// deletes users first; other files create users through test/support/auth.ts and clean nothing).
beforeAll(async () => {
  const db = await getDb();
  await db.member.deleteMany({});
  await db.session.deleteMany({});
  await db.account.deleteMany({});
  await db.user.deleteMany({});
  await db.instanceSetting.deleteMany({});
});

describe(`accounts (${inject("database")})`, () => {
  let owner: { cookie: string; email: string; workspaceId: string };

  it("makes the first user the owner (of the workspace that existed without members), with an HTTP-only SameSite cookie", async () => {
    const db = await getDb();
    const orphan = await db.workspace.findFirst({ where: { members: { none: {} } }, orderBy: { createdAt: "asc" } });
    const e = email("owner");
    const res = await call(signUp, "/api/auth/sign-up", { body: { email: e, password: "owner-password-1" } });
    expect(res.status).toBe(201);
    expect(res.setCookie[0]).toMatch(/^hookline\.session_token=.+; .*HttpOnly/i);
    expect(res.setCookie[0]).toMatch(/SameSite=Lax/i);
    if (orphan) expect(res.json!.workspaceId).toBe(orphan.id);
    owner = { cookie: res.cookie, email: e, workspaceId: res.json!.workspaceId };
    const me = await call(session, "/api/auth/session", { method: "GET", cookie: owner.cookie });
    expect(me.json).toMatchObject({
      user: { email: e },
      workspace: { id: owner.workspaceId, role: "owner" },
      instanceOwner: true,
    });
    const stored = await db.account.findFirstOrThrow({ where: { user: { email: e } } });
    expect(stored.password).not.toContain("owner-password-1");
    expect(stored.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // scrypt salt:key
    expect(res.text).not.toContain(stored.password!);
  });

  it("refuses other sign-ups without an invite; an invite works once; open registration gives a workspace of one's own", async () => {
    expect(
      (await call(signUp, "/api/auth/sign-up", { body: { email: email("x"), password: "password-long-1" } })).status,
    ).toBe(403);
    const inv = await call(invite, "/api/invites", { body: { role: "viewer" }, cookie: owner.cookie });
    expect(inv.status).toBe(201);
    const db = await getDb();
    expect((await db.invite.findUniqueOrThrow({ where: { id: inv.json!.id } })).tokenHash).toBe(
      createHash("sha256").update(inv.json!.token).digest("hex"),
    );
    const joined = await call(signUp, "/api/auth/sign-up", {
      body: { email: email("viewer"), password: "password-long-2", invite: inv.json!.token },
    });
    expect(joined.status).toBe(201);
    expect(joined.json!.workspaceId).toBe(owner.workspaceId);
    const again = await call(signUp, "/api/auth/sign-up", {
      body: { email: email("y"), password: "password-long-3", invite: inv.json!.token },
    });
    expect(again.status).toBe(404);

    expect(
      (
        await call(registration, "/api/settings/registration", {
          method: "PUT",
          body: { open: true },
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    const self = await call(signUp, "/api/auth/sign-up", {
      body: { email: email("self"), password: "password-long-4" },
    });
    expect(self.status).toBe(201);
    expect(self.json!.workspaceId).not.toBe(owner.workspaceId);
    // Only the install's owner may change registration, not the owner of another workspace.
    expect(
      (
        await call(registration, "/api/settings/registration", {
          method: "PUT",
          body: { open: false },
          cookie: self.cookie,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(registration, "/api/settings/registration", {
          method: "PUT",
          body: { open: false },
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
  });

  it("answers one generic error for a wrong password and an unknown address, and locks after 5 failures (in the database)", async () => {
    const e = email("limited");
    await call(registration, "/api/settings/registration", {
      method: "PUT",
      body: { open: true },
      cookie: owner.cookie,
    });
    await call(signUp, "/api/auth/sign-up", { body: { email: e, password: "right-password-1" } });
    const wrong = await call(signIn, "/api/auth/sign-in", { body: { email: e, password: "wrong-password" } });
    const unknown = await call(signIn, "/api/auth/sign-in", {
      body: { email: email("nobody"), password: "wrong-password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json!.error.message).toBe("Wrong e-mail or password");
    expect((await call(signIn, "/api/auth/sign-in", { body: { email: e, password: "right-password-1" } })).status).toBe(
      200,
    ); // a success resets the count
    for (let i = 0; i < 5; i++)
      expect(
        (await call(signIn, "/api/auth/sign-in", { body: { email: e, password: `wrong-${i}-password` } })).status,
      ).toBe(401);
    const locked = await call(signIn, "/api/auth/sign-in", {
      body: { email: e.toUpperCase(), password: "right-password-1" },
    });
    expect(locked.status).toBe(429);
    const db = await getDb();
    expect(await db.rateLimit.count({ where: { key: { startsWith: "login:email:" } } })).toBeGreaterThan(0);
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await signIn(
      new Request(`${TEST_ORIGIN}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://evil.example" },
        body: JSON.stringify({ email: owner.email, password: "owner-password-1" }),
      }),
      undefined as never,
    );
    expect(res.status).toBe(403);
  });

  it("changes the password and ends the other sessions; sign-out ends this one", async () => {
    const second = await call(signIn, "/api/auth/sign-in", {
      body: { email: owner.email, password: "owner-password-1" },
    });
    expect(second.status).toBe(200);
    const wrong = await call(changePassword, "/api/auth/password", {
      body: { currentPassword: "nope-nope-nope", newPassword: "owner-password-2" },
      cookie: owner.cookie,
    });
    expect(wrong.status).toBe(400);
    const changed = await call(changePassword, "/api/auth/password", {
      body: { currentPassword: "owner-password-1", newPassword: "owner-password-2" },
      cookie: owner.cookie,
    });
    expect(changed.status).toBe(200);
    expect((await call(session, "/api/auth/session", { method: "GET", cookie: second.cookie })).status).toBe(401);
    owner.cookie = changed.cookie || owner.cookie;
    expect((await call(session, "/api/auth/session", { method: "GET", cookie: owner.cookie })).status).toBe(200);
    const out = await call(signOut, "/api/auth/sign-out", { cookie: owner.cookie });
    expect(out.status).toBe(200);
    expect((await call(session, "/api/auth/session", { method: "GET", cookie: owner.cookie })).status).toBe(401);
    owner.cookie = (
      await call(signIn, "/api/auth/sign-in", { body: { email: owner.email, password: "owner-password-2" } })
    ).cookie;
  });

  it("API keys: shown once, stored hashed, scoped, last-used time, revocable", async () => {
    const created = await call(createKey, "/api/api-keys", {
      body: { name: "deploy bot", scope: "write" },
      cookie: owner.cookie,
    });
    expect(created.status).toBe(201);
    const key: string = created.json!.key;
    expect(key).toMatch(/^hkl_[A-Za-z0-9_-]{43}$/);
    const listed = await call(listKeys, "/api/api-keys", { method: "GET", cookie: owner.cookie });
    expect(listed.text).not.toContain(key);
    const db = await getDb();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.json!.id } });
    expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(row.lastUsedAt).toBeNull();

    const flow = await call(createFlowRoute, "/api/flows", { body: { name: "via key" }, bearer: key });
    expect(flow.status).toBe(201);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
    // write = editor: no owner actions
    expect((await call(createKey, "/api/api-keys", { body: { name: "escalate" }, bearer: key })).status).toBe(403);
    const pub = await call(publish, `/api/flows/${flow.json!.id}/publish`, {
      bearer: key,
      params: { id: flow.json!.id },
    });
    expect([200, 422]).toContain(pub.status);

    expect(
      (
        await call(revokeKey, `/api/api-keys/${row.id}`, {
          method: "DELETE",
          cookie: owner.cookie,
          params: { id: row.id },
        })
      ).status,
    ).toBe(200);
    expect((await call(listFlowsRoute, "/api/flows", { method: "GET", bearer: key })).status).toBe(401);
  });

  it("records who did what in the audit log, never a secret", async () => {
    const log = await call(auditLog, "/api/audit", { method: "GET", cookie: owner.cookie });
    expect(log.status).toBe(200);
    const actions = (log.json!.items as { action: string; actorLabel: string }[]).map(
      (e) => `${e.action} by ${e.actorLabel}`,
    );
    expect(actions).toContain("api_key.created by " + owner.email);
    expect(actions).toContain("api_key.revoked by " + owner.email);
    expect(actions).toContain("flow.created by API key deploy bot");
    expect(actions).toContain("member.invited by " + owner.email);
    expect(actions.some((a) => a.startsWith("member.joined by viewer-"))).toBe(true);
    expect(log.text).not.toContain("hkl_");
  });

  it("keeps at least one owner", async () => {
    const db = await getDb();
    const me = await db.member.findFirstOrThrow({ where: { workspaceId: owner.workspaceId, role: "owner" } });
    const res = await call(removeMember, `/api/members/${me.id}`, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: me.id },
    });
    expect(res.status).toBe(409);
  });
});
