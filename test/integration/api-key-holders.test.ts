// An API key acts for its holder (the member who created it) and never beyond what the holder may
// do now (lib/auth/api-keys.ts): removed, left or deleted -> 401; demoted -> the lower role.
// A deleted user's sessions end with the user. SQLite and PostgreSQL, through the real routes.
import { beforeEach, describe, expect, inject, it } from "vitest";
import { POST as createKeyRoute } from "@/app/api/api-keys/route";
import { GET as sessionRoute } from "@/app/api/auth/session/route";
import { POST as createCredential } from "@/app/api/credentials/route";
import { POST as createInvite } from "@/app/api/invites/route";
import { GET as listFlows, POST as createFlow } from "@/app/api/flows/route";
import { DELETE as removeMember, PUT as setRole } from "@/app/api/members/[id]/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { newTestWorkspace, signedIn, TEST_ORIGIN, type TestUser } from "../support/auth";

type Route = (req: Request, ctx: never) => Promise<Response>;
async function call(
  route: Route,
  path: string,
  headers: Record<string, string>,
  opts: { method?: string; body?: unknown; params?: Record<string, string> } = {},
) {
  const res = await route(
    new Request(`${TEST_ORIGIN}${path}`, {
      method: opts.method ?? "GET",
      headers: { ...headers, ...(opts.body === undefined ? {} : { "content-type": "application/json" }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(opts.params ?? {}) } as never,
  );
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let workspaceId: string;
let holder: TestUser; // owner who creates the key
let other: TestUser; // another owner, who removes or re-roles the holder
let key: string;
let keyId: string;

beforeEach(async () => {
  workspaceId = await newTestWorkspace("key holders");
  holder = await signedIn({ workspaceId, role: "owner" });
  other = await signedIn({ workspaceId, role: "owner" });
  const created = await call(createKeyRoute, "/api/api-keys", holder.headers(), {
    method: "POST",
    body: { name: "deploy", scope: "write" },
  });
  expect(created.status).toBe(201);
  key = created.json!.key as string;
  keyId = created.json!.id as string;
  expect((await call(createFlow, "/api/flows", bearer(key), { method: "POST", body: { name: "by key" } })).status).toBe(
    201,
  );
});

describe(`API keys follow their holder (${inject("database")})`, () => {
  it("a removed member's keys answer 401, are revoked, and stay revoked if they join again", async () => {
    const removed = await call(removeMember, `/api/members/${holder.memberId}`, other.headers(), {
      method: "DELETE",
      params: { id: holder.memberId! },
    });
    expect(removed.status).toBe(200);
    expect((await call(listFlows, "/api/flows", bearer(key))).status).toBe(401);
    const db = await getDb();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt).not.toBeNull();
    await db.member.create({ data: { id: newId("mem"), workspaceId, userId: holder.userId, role: "owner" } });
    expect((await call(listFlows, "/api/flows", bearer(key))).status).toBe(401);
  });

  it("a key never acts beyond its holder's current role", async () => {
    const demote = (role: string) =>
      call(setRole, `/api/members/${holder.memberId}`, other.headers(), {
        method: "PUT",
        body: { role },
        params: { id: holder.memberId! },
      });
    expect((await demote("viewer")).status).toBe(200);
    // A write key of a viewer reads, and writes nothing.
    expect((await call(listFlows, "/api/flows", bearer(key))).status).toBe(200);
    expect(
      (await call(createFlow, "/api/flows", bearer(key), { method: "POST", body: { name: "as a viewer" } })).status,
    ).toBe(403);
    expect((await demote("editor")).status).toBe(200);
    expect(
      (await call(createFlow, "/api/flows", bearer(key), { method: "POST", body: { name: "as an editor" } })).status,
    ).toBe(201);
  });

  it("a holder who is no longer a member, however it happened, makes the key answer 401", async () => {
    const db = await getDb();
    await db.member.delete({ where: { id: holder.memberId! } });
    expect((await call(listFlows, "/api/flows", bearer(key))).status).toBe(401);
  });

  it("a deleted user's sessions and keys stop working", async () => {
    expect((await call(sessionRoute, "/api/auth/session", holder.headers())).status).toBe(200);
    const db = await getDb();
    await db.user.delete({ where: { id: holder.userId } });
    expect(await db.session.count({ where: { userId: holder.userId } })).toBe(0);
    expect((await call(sessionRoute, "/api/auth/session", holder.headers())).status).toBe(401);
    expect((await call(listFlows, "/api/flows", bearer(key))).status).toBe(401);
  });

  it("an owner-scoped key manages credentials; a write key cannot; an editor cannot make one", async () => {
    const made = await call(createKeyRoute, "/api/api-keys", holder.headers(), {
      method: "POST",
      body: { name: "setup script", scope: "owner" },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ scope: "owner" });
    const ownerKey = made.json!.key as string;
    const credential = () => ({
      name: `by key ${newId("c")}`,
      type: "webhook-secret",
      value: "whsec_by_key_1234567890",
    });

    // People are managed by people: an owner-scoped key can neither invite (an owner invite would
    // outlive the key) nor change or remove members.
    expect(
      (await call(createInvite, "/api/invites", bearer(ownerKey), { method: "POST", body: { role: "owner" } })).status,
    ).toBe(403);
    expect(
      (
        await call(setRole, `/api/members/${holder.memberId}`, bearer(ownerKey), {
          method: "PUT",
          body: { role: "viewer" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(removeMember, `/api/members/${holder.memberId}`, bearer(ownerKey), { method: "DELETE" })).status,
    ).toBe(403);
    expect(await (await getDb()).invite.count({ where: { workspaceId } })).toBe(0);

    const created = await call(createCredential, "/api/credentials", bearer(ownerKey), {
      method: "POST",
      body: credential(),
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(
      (await call(createCredential, "/api/credentials", bearer(key), { method: "POST", body: credential() })).status,
    ).toBe(403);

    // Shown as such in the audit log: the key's creation carries its scope, its actions say "owner scope".
    const db = await getDb();
    const events = await db.auditEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
    const creation = events.find((e) => e.action === "api_key.created" && e.targetId === made.json!.id);
    expect(JSON.parse(creation!.details!)).toMatchObject({ scope: "owner" });
    const byKey = events.find((e) => e.action === "credential.created" && e.actorId === made.json!.id);
    expect(byKey?.actorLabel).toBe("API key setup script (owner scope)");

    // An editor: refused by the route (owners manage keys) and by the key store itself.
    const editor = await signedIn({ workspaceId, role: "editor" });
    const byEditor = await call(createKeyRoute, "/api/api-keys", editor.headers(), {
      method: "POST",
      body: { name: "mine", scope: "owner" },
    });
    expect(byEditor.status).toBe(403);
    await expect(createApiKey(workspaceId, { name: "mine", scope: "owner" }, editor.userId, "editor")).rejects.toThrow(
      /Only an owner can create a key with the owner scope/,
    );
    expect(await db.apiKey.count({ where: { workspaceId, name: "mine" } })).toBe(0);

    // A key never acts beyond its holder's role now: the holder demoted to editor, the owner key writes flows only.
    const demoted = await call(setRole, `/api/members/${holder.memberId}`, other.headers(), {
      method: "PUT",
      body: { role: "editor" },
      params: { id: holder.memberId! },
    });
    expect(demoted.status).toBe(200);
    expect(
      (await call(createCredential, "/api/credentials", bearer(ownerKey), { method: "POST", body: credential() }))
        .status,
    ).toBe(403);
    expect(
      (await call(createFlow, "/api/flows", bearer(ownerKey), { method: "POST", body: { name: "as an editor" } }))
        .status,
    ).toBe(201);
  });
});
