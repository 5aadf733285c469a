// The authorization matrix, generated from the route tree: every app/api/**/route.ts and each HTTP
// method it exports must have a rule in lib/auth/route-rules.ts AND an entry in `entries` below (a
// valid request: body, query), and each of its dynamic segments must be one `paramsFor` knows; else
// this fails. Every rule is tried with real callers on SQLite and PostgreSQL, with a VALID request,
// so what answers is the authorization and the lookup, never the body's validation:
//   anonymous -> 401; a member of another workspace -> 404 for this workspace's ids, exactly as for
//   a made-up id (and never one of its ids in an answer); a role or API key below the rule -> 403;
//   the roles the rule allows get a 2xx (or the entry's `ok`); a cookie mutation from another
//   origin -> 403, the session routes (sign-in, sign-up, sign-out, password...) included.
// Public routes: each entry says what an anonymous caller gets.
// A new route: one line in lib/auth/route-rules.ts and one entry here (its valid body). A resource
// of a new kind: teach `fixture()`; a new kind of dynamic segment: teach `paramsFor()`.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { routeRules } from "@/lib/auth/route-rules";
import { createInvite } from "@/lib/auth/members";
import { atLeast, roles, type Role } from "@/lib/auth/roles";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { newId } from "@/lib/ids";
import { bulkReplay } from "@/lib/runs/replay";
import { apiKey, newTestWorkspace, signedIn, TEST_ORIGIN, type TestUser } from "../support/auth";

const ROOT = path.resolve(import.meta.dirname, "../..");
// An OAuth2 app with a client, so "Connect account" (POST /api/apps/[app]/connect) can start.
process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_ID ??= "matrix-client-id";
process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_SECRET ??= "matrix-client-secret";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: unknown) => Promise<Response>;
type Params = Record<string, string | string[]>;

function routeFiles(dir = path.join(ROOT, "app/api")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}
const patternOf = (file: string) =>
  "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
const routes = routeFiles()
  .map((file) => ({ file, pattern: patternOf(file), source: fs.readFileSync(file, "utf8") }))
  .sort((a, b) => a.pattern.localeCompare(b.pattern));
const exports = (source: string, method: Method) =>
  new RegExp(`export (const|async function|function) ${method}\\b`).test(source);

// Segment after /api -> the kind of resource its [id] names.
type Kind = "flow" | "credential" | "run" | "delivery" | "member" | "invite" | "apiKey" | "table";
const kindOf: Record<string, Kind> = {
  flows: "flow",
  credentials: "credential",
  runs: "run",
  deliveries: "delivery",
  members: "member",
  invites: "invite",
  "api-keys": "apiKey",
  tables: "table",
  // /api/apps/accounts/[id]: an app account is a credential
  apps: "credential",
};

let A: string; // the workspace under test
let B: string; // another workspace
const users = {} as Record<Role, TestUser>;
let outsider: TestUser; // owner of B
let keys: Record<"read" | "write" | "owner", Awaited<ReturnType<typeof apiKey>>>;
const shared = {} as Record<Kind, string>;
let sharedBatch: string;
let sharedRunDelivery: string;
let signInAs: TestUser; // whose credentials the anonymous sign-in uses
const ROW_KEY = "matrix-row";

/** A fresh resource of `kind` in workspace A (mutations may delete or change it). A flow is
 * published (version 1); a run has failed (so it can be retried) unless `runStatus` says otherwise;
 * a table has the row ROW_KEY. */
async function fixture(kind: Kind, runStatus = "failed"): Promise<string> {
  const db = await getDb();
  switch (kind) {
    case "flow": {
      const flow = await createFlow(A, { name: "matrix" });
      await publishFlow(A, flow.id);
      return flow.id;
    }
    case "credential":
      return (
        await createCredential(A, {
          name: `matrix ${newId("c")}`,
          type: "webhook-secret",
          value: "whsec_matrix_value_123456",
        })
      ).id;
    case "delivery":
    case "run": {
      const flow = await createFlow(A, { name: "matrix run" });
      const endpoint = flow.endpoints[0]!;
      const deliveryId = newId("dlv");
      await db.delivery.create({
        data: {
          id: deliveryId,
          workspaceId: A,
          flowId: flow.id,
          endpointId: endpoint.id,
          method: "POST",
          headers: "{}",
          body: Buffer.from("{}"),
          verdict: "accepted",
        },
      });
      if (kind === "delivery") return deliveryId;
      const runId = newId("run");
      await db.run.create({
        data: { id: runId, workspaceId: A, flowId: flow.id, deliveryId, status: runStatus, definition: flow.draft },
      });
      return runId;
    }
    case "member":
      return (await signedIn({ workspaceId: A, role: "viewer" })).memberId!;
    case "invite":
      return (await createInvite(A, { role: "viewer" }, null)).id;
    case "apiKey":
      return (await apiKey(A, "read", users.owner.userId)).id;
    case "table": {
      const id = newId("tbl");
      await db.dataTable.create({ data: { id, workspaceId: A, name: `matrix ${newId("t")}` } });
      await db.dataRow.create({ data: { tableId: id, key: ROW_KEY, value: 1 } });
      return id;
    }
  }
}

/** A bulk replay of one run of A (its batch id). */
async function batchFixture() {
  const db = await getDb();
  const run = await db.run.findUniqueOrThrow({ where: { id: shared.run } });
  return (await bulkReplay(A, run.flowId, { deliveryId: run.deliveryId! }, "same")).batchId;
}

const MADE_UP = "zz_no_such_id";
type Which = "shared" | "fresh" | "made-up";

/** The route's dynamic segments, for a resource of A (shared or fresh) or a made-up one. Throws
 * for a segment it does not know, which fails "has an entry and known segments". */
async function paramsFor(pattern: string, which: Which, runStatus?: string): Promise<{ params: Params; url: string }> {
  const params: Params = {};
  const segs = pattern.split("/").filter(Boolean);
  const kind = kindOf[segs[1] ?? ""];
  const parts: string[] = [];
  for (const s of segs) {
    const m = /^\[(\.\.\.)?(\w+)\]$/.exec(s);
    if (!m) {
      parts.push(s);
      continue;
    }
    const [, catchAll, name] = m as unknown as [string, string | undefined, string];
    let value: string;
    if (catchAll && name === "path") {
      // Only public routes have catch-alls: an unknown path (unknown webhook token).
      params[name] = ["zz-no-such-path"];
      parts.push("zz-no-such-path");
      continue;
    } else if (name === "id" && kind) {
      value = which === "made-up" ? MADE_UP : which === "fresh" ? await fixture(kind, runStatus) : shared[kind];
    } else if (name === "number" && kind === "flow") {
      value = "1"; // every flow fixture is published once
    } else if (name === "batchId") {
      value = which === "made-up" ? MADE_UP : which === "fresh" ? await batchFixture() : sharedBatch;
    } else {
      throw new Error(`the matrix does not know the segment ${s} of ${pattern}: teach paramsFor() to make one`);
    }
    params[name] = value;
    parts.push(encodeURIComponent(value));
  }
  return { params, url: `${TEST_ORIGIN}/${parts.join("/")}` };
}

// ---- One entry per route and method: a valid request, and what an allowed caller gets. ----
type Caller = TestUser | null;
type Entry = {
  /** A valid JSON body (none for GET/DELETE unless given). */
  body?: (caller: Caller) => unknown;
  /** A valid query string (with "?"). */
  query?: string;
  /** What an allowed caller gets, when not any 2xx (say why). */
  ok?: readonly number[];
  /** What the owner of another workspace gets from a route without ids, when not let through (say why). */
  outsider?: readonly number[];
  /** Public routes: what an anonymous caller gets. */
  anonymous?: readonly number[];
  /** A run fixture in this status (default failed). */
  runStatus?: string;
};
const unique = (label: string) => `matrix ${label} ${newId("n").slice(-10)}`;
const anyMethod = (e: Entry) => Object.fromEntries(METHODS.map((m) => [m, e])) as Record<Method, Entry>;

const entries: Record<string, Partial<Record<Method, Entry>>> = {
  // public: an unknown API path is a JSON 404; so is an unknown webhook token; health answers
  "/api/[...path]": anyMethod({ anonymous: [404] }),
  "/api/hooks/[...path]": anyMethod({ body: () => ({ hello: "world" }), anonymous: [404] }),
  "/api/health": { GET: { anonymous: [200] } },
  "/api/openapi.json": { GET: { anonymous: [200] } },
  // Checks its caller itself: no metrics token is set here and nothing names a loopback peer (as
  // under next dev), so refused (test/integration/metrics.test.ts tries every way in).
  "/api/metrics": { GET: { anonymous: [403] } },
  // The Inngest endpoint is not served publicly in embedded mode (another change, issue 20): only
  // "no 2xx" is asserted here, whichever way it is refused (see "public routes" below).
  "/api/inngest": { GET: { anonymous: [] }, POST: { body: () => ({}), anonymous: [] }, PUT: { anonymous: [] } },

  // accounts
  "/api/auth/sign-in": {
    POST: { body: () => ({ email: signInAs.email, password: signInAs.password }), anonymous: [200] },
  },
  "/api/auth/sign-up": {
    GET: { anonymous: [200] },
    POST: {
      body: () => ({
        email: `${newId("s")}@example.test`,
        password: "a-long-password",
        invite: pendingInvites.shift(),
      }),
      anonymous: [201],
    },
  },
  "/api/auth/invite": { POST: { body: () => ({ invite: pendingInvites.shift() }) } },
  "/api/auth/sign-out": { POST: {} },
  "/api/auth/session": { GET: {} },
  "/api/auth/password": {
    POST: { body: (c) => ({ currentPassword: c?.password ?? "not-the-password", newPassword: "a-new-long-password" }) },
  },
  "/api/auth/workspace": { POST: { body: () => ({ workspaceId: B }) } },
  "/api/members": { GET: {} },
  "/api/members/[id]": { PUT: { body: () => ({ role: "viewer" }) }, DELETE: {} },
  "/api/invites": { GET: {}, POST: { body: () => ({ role: "viewer" }) } },
  "/api/invites/[id]": { DELETE: {} },
  "/api/api-keys": { GET: {}, POST: { body: () => ({ name: "matrix key", scope: "read" }) } },
  "/api/api-keys/[id]": { DELETE: {} },
  "/api/audit": { GET: {} },
  // Registration is the install's: only its owner (here A's owner) may change it, no other workspace's.
  "/api/settings/registration": { GET: {}, PUT: { body: () => ({ open: false }), outsider: [403] } },
  "/api/settings/webhooks": { GET: {}, PUT: { body: () => ({ deniedHeaders: ["x-matrix-secret"] }) } },

  // credentials
  "/api/credentials": {
    GET: {},
    POST: { body: () => ({ name: unique("credential"), type: "webhook-secret", value: "whsec_matrix_value_123456" }) },
  },
  "/api/credentials/[id]": { GET: {}, PUT: { body: () => ({ name: unique("credential") }) }, DELETE: {} },

  // flows
  "/api/flows": { GET: {}, POST: { body: () => ({ name: "matrix" }) } },
  "/api/flows/[id]": { GET: {}, PUT: { body: () => ({ name: "matrix renamed" }) }, DELETE: {} },
  "/api/flows/[id]/deletion": { GET: {} },
  "/api/flows/[id]/archive": { POST: { body: () => ({ archived: true }) } },
  "/api/flows/[id]/duplicate": { POST: {} },
  "/api/flows/[id]/manual-runs": { POST: { body: () => ({ payload: { matrix: true } }) } },
  "/api/flows/[id]/publish": { POST: {} },
  "/api/flows/[id]/pause": { POST: { body: () => ({ paused: true }) } },
  "/api/flows/[id]/webhook/regenerate": { POST: { body: () => ({ kind: "live" }) } },
  "/api/flows/[id]/deliveries": { GET: {} },
  "/api/flows/[id]/sample": { GET: {} },
  "/api/flows/[id]/runs": { GET: {} },
  "/api/flows/[id]/runs/overview": { GET: {} },
  "/api/flows/[id]/test-step": {
    POST: {
      body: () => ({
        node: { id: "log_1", type: "log", position: { x: 0, y: 0 }, data: { config: { message: "matrix" } } },
      }),
    },
  },
  "/api/flows/[id]/versions/[number]": { GET: {} },

  // runs and deliveries
  "/api/runs": { GET: {} },
  "/api/runs/[id]": { GET: {} },
  "/api/runs/[id]/replay": { POST: { body: () => ({ version: "same" }) } },
  "/api/runs/[id]/retry": { POST: {} },
  "/api/runs/[id]/dry-run": { POST: {} },
  "/api/runs/[id]/cancel": { POST: { runStatus: "held" } },
  "/api/runs/[id]/delivery-body": { GET: {} },
  "/api/runs/bulk-replay": { POST: { body: () => ({ filter: { deliveryId: sharedRunDelivery }, version: "same" }) } },
  "/api/runs/bulk-replay/[batchId]": { GET: {} },
  "/api/runs/retention": { GET: {}, PUT: { body: () => ({ retentionDays: 30 }) } },
  "/api/deliveries/[id]": { GET: {} },
  // The fixture delivery was accepted: the route is reached and refuses to judge it again (409).
  "/api/deliveries/[id]/reverify": { POST: { ok: [409] } },

  // data tables
  // apps: connect needs the OAuth2 client (HOOKLINE_APP_GOOGLESHEETS_CLIENT_*, set above); the
  // shared credential fixture is not an app account (disconnect reaches it and refuses: 422);
  // choices for an account the workspace lacks: 404; the callback without a pending connect
  // redirects to the Apps page with the error (303)
  "/api/apps": { GET: {} },
  // Changing it needs the installation's owner (its first user), whom the matrix's owners may not be.
  "/api/apps/client": {
    GET: { query: "?app=googlesheets" },
    PUT: {
      body: () => ({ app: "googlesheets", clientId: "matrix-client", clientSecret: "matrix-secret" }),
      ok: [200, 403],
      outsider: [200, 403],
    },
    DELETE: { query: "?app=googlesheets", ok: [204, 403], outsider: [204, 403] },
  },
  "/api/apps/connect": { POST: { body: () => ({ app: "googlesheets", name: unique("account") }) } },
  "/api/apps/options": {
    GET: { query: "?app=googlesheets&field=spreadsheetId&credentialId=cred_matrix_none", ok: [404], outsider: [404] },
  },
  "/api/apps/accounts/[id]": { DELETE: { ok: [422] } },
  "/api/oauth/callback": { GET: { query: "?code=c&state=cred_x.y", ok: [303] } },
  "/api/tables": { GET: {}, POST: { body: () => ({ name: unique("table") }) } },
  "/api/tables/[id]": { GET: {}, PUT: { body: () => ({ name: unique("table") }) }, DELETE: {} },
  "/api/tables/[id]/rows": {
    GET: {},
    PUT: { body: () => ({ key: ROW_KEY, value: 2 }) },
    POST: { body: () => ({ op: "increment", key: ROW_KEY, amount: 1 }) },
    DELETE: { query: `?key=${ROW_KEY}` },
  },
};
// Invite tokens for sign-up and accept-invite bodies (each works once).
const pendingInvites: string[] = [];
const entryOf = (pattern: string, method: Method): Entry => entries[pattern]?.[method] ?? {};

async function call(
  pattern: string,
  method: Method,
  caller: { headers: (extra?: Record<string, string>) => Record<string, string> } | null,
  extra: Record<string, string>,
  which: Which,
) {
  const entry = entryOf(pattern, method);
  const { params, url } = await paramsFor(pattern, which, entry.runStatus);
  if (entry.body && /\/api\/auth\/(sign-up|invite)$/.test(pattern))
    pendingInvites.push((await createInvite(A, { role: "viewer" }, null)).token);
  const body =
    method === "GET" ? undefined : entry.body?.(caller && "password" in caller ? (caller as TestUser) : null);
  const mod = (await import(routes.find((r) => r.pattern === pattern)!.file)) as Record<string, Handler>;
  const req = new Request(url + (entry.query ?? ""), {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(caller ? caller.headers() : {}),
      ...extra,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const res = await mod[method]!(req, { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
}
const anonymously = { headers: () => ({ origin: TEST_ORIGIN }) };
function expectAllowed(res: { status: number; text: string }, entry: Entry) {
  if (entry.ok) expect(entry.ok, `${res.status} ${res.text}`).toContain(res.status);
  else expect(res.status >= 200 && res.status < 300, `${res.status} ${res.text}`).toBe(true);
}

/** Owner routes that act for a person (currentUser()): every API key gets 403 there, an owner-scoped one too. */
const NEEDS_A_PERSON = new Set([
  "POST /api/api-keys",
  "PUT /api/settings/registration",
  // people are managed by people: a key's owner invite would outlive the key
  "POST /api/invites",
  "PUT /api/members/[id]",
  "DELETE /api/members/[id]",
  // "Connect account": the vendor's callback must come back in the session that started it
  "POST /api/apps/connect",
  "GET /api/oauth/callback",
  // the OAuth client is instance-wide: its owner is a person
  "PUT /api/apps/client",
  "DELETE /api/apps/client",
]);

const savedSettings: { key: string; value: string }[] = [];
beforeAll(async () => {
  A = await newTestWorkspace("matrix A");
  B = await newTestWorkspace("matrix B");
  for (const r of roles) users[r] = await signedIn({ workspaceId: A, role: r });
  outsider = await signedIn({ workspaceId: B, role: "owner" });
  signInAs = await signedIn();
  keys = {
    read: await apiKey(A, "read", users.owner.userId),
    write: await apiKey(A, "write", users.owner.userId),
    owner: await apiKey(A, "owner", users.owner.userId),
  };
  for (const k of Object.values(kindOf)) shared[k] = await fixture(k);
  sharedRunDelivery = (await (await getDb()).run.findUniqueOrThrow({ where: { id: shared.run } })).deliveryId!;
  sharedBatch = await batchFixture();
  // Registration may only be changed by the install's owner: for this file, A's owner is it.
  const db = await getDb();
  savedSettings.push(...(await db.instanceSetting.findMany()));
  await db.instanceSetting.upsert({
    where: { key: "instanceOwner" },
    create: { key: "instanceOwner", value: users.owner.userId },
    update: { value: users.owner.userId },
  });
});
afterAll(async () => {
  const db = await getDb();
  await db.instanceSetting.deleteMany({});
  for (const s of savedSettings) await db.instanceSetting.create({ data: s });
});

describe(`authorization matrix (${inject("database")})`, () => {
  it("finds the app's routes", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.map((r) => r.pattern)).toContain("/api/flows/[id]/publish");
    expect(routes.map((r) => r.pattern)).toContain("/api/runs/bulk-replay/[batchId]");
  });

  it("has no server actions (they would need rules too)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name) && /^\s*["']use server["']/m.test(fs.readFileSync(p, "utf8")))
          offenders.push(path.relative(ROOT, p));
      }
    };
    for (const d of ["app", "components", "lib"]) walk(path.join(ROOT, d));
    expect(offenders).toEqual([]);
  });

  for (const { file, pattern, source } of routes) {
    describe(pattern, () => {
      it("has a rule and a matrix entry for every exported method, and known dynamic segments", async () => {
        const mod = (await import(file)) as Record<string, unknown>;
        const exported = METHODS.filter((m) => typeof mod[m] === "function");
        expect(exported.length).toBeGreaterThan(0);
        const missing = exported.filter((m) => !routeRules[pattern]?.[m]);
        expect(missing, `add ${pattern} { ${missing.join(", ")} } to lib/auth/route-rules.ts`).toEqual([]);
        const noEntry = exported.filter((m) => !entries[pattern]?.[m]);
        expect(
          noEntry,
          `add ${pattern} { ${noEntry.join(", ")} } (a valid request) to the entries of test/integration/auth-matrix.test.ts`,
        ).toEqual([]);
        const publicWithout = exported.filter(
          (m) => routeRules[pattern]?.[m] === "public" && !entries[pattern]?.[m]?.anonymous,
        );
        expect(
          publicWithout,
          `say what an anonymous caller gets from ${pattern} { ${publicWithout.join(", ")} }`,
        ).toEqual([]);
        await paramsFor(pattern, "made-up");
      });

      for (const method of METHODS) {
        const rule = routeRules[pattern]?.[method];
        if (!rule || !exports(source, method)) continue; // a rule ahead of its route
        const entry = entryOf(pattern, method);
        const mutation = method !== "GET";

        if (rule === "public") {
          it(`${method}: public, anonymous -> ${entry.anonymous?.length ? entry.anonymous.join(" or ") : "no 2xx"}`, async () => {
            const res = await call(pattern, method, anonymously, {}, "shared");
            if (entry.anonymous?.length) expect(entry.anonymous, res.text).toContain(res.status);
            else expect(res.status >= 200 && res.status < 300, `${res.status} ${res.text}`).toBe(false);
            for (const id of Object.values(shared)) expect(res.text).not.toContain(id);
          });
          // Sign-in and sign-up start a session: they check the Origin themselves.
          if (mutation && /\/api\/auth\//.test(pattern)) crossOriginRefused(pattern, method, () => anonymously);
          continue;
        }
        const need = typeof rule === "string" ? rule : rule.role;
        const hasParams = pattern.includes("[");

        it(`${method}: anonymous -> 401`, async () => {
          expect((await call(pattern, method, anonymously, {}, "shared")).status).toBe(401);
        });

        if (need === "session") {
          it(`${method}: an API key -> 403, a signed-in user gets through`, async () => {
            expect((await call(pattern, method, keys.write, {}, "shared")).status).toBe(403);
            const someone = await signedIn({ workspaceId: B, role: "viewer" });
            expectAllowed(await call(pattern, method, someone, {}, "fresh"), entry);
          });
          if (mutation) crossOriginRefused(pattern, method, () => signedIn({ workspaceId: B, role: "viewer" }));
          continue;
        }

        it(`${method}: a member of another workspace ${hasParams ? "-> 404, as for an id that does not exist" : "never sees this one's ids"}`, async () => {
          const res = await call(pattern, method, outsider, {}, "shared");
          for (const id of Object.values(shared)) expect(res.text).not.toContain(id);
          if (!hasParams)
            return void (entry.outsider
              ? expect(entry.outsider).toContain(res.status)
              : expect([401, 403]).not.toContain(res.status));
          // No existence leak: the same answer as for a made-up id, and it is the lookup's 404 (the
          // request is valid, so a 400 would be the body's validation answering first).
          const madeUp = await call(pattern, method, outsider, {}, "made-up");
          expect(res.status, res.text).toBe(404);
          expect(madeUp.status, madeUp.text).toBe(404);
        });

        for (const r of roles) {
          const allowed = atLeast(r, need);
          it(`${method}: ${r} -> ${allowed ? "allowed" : "403"}`, async () => {
            const res = await call(pattern, method, users[r], {}, allowed ? "fresh" : "shared");
            if (!allowed) expect(res.status, res.text).toBe(403);
            else expectAllowed(res, entry);
          });
        }

        it(`${method}: API keys (read = viewer, write = editor, owner = owner except where a person must act)`, async () => {
          for (const [scope, role] of [
            ["read", "viewer"],
            ["write", "editor"],
            ["owner", "owner"],
          ] as const) {
            const allowed = atLeast(role, need) && !(scope === "owner" && NEEDS_A_PERSON.has(`${method} ${pattern}`));
            const res = await call(pattern, method, keys[scope], {}, allowed ? "fresh" : "shared");
            if (!allowed) expect(res.status, res.text).toBe(403);
            else expectAllowed(res, entry);
          }
        });

        if (mutation) crossOriginRefused(pattern, method, () => users.owner);
      }
    });
  }
});

/** A cookie mutation (or a sign-in/up) from another origin is refused before anything else. */
function crossOriginRefused(
  pattern: string,
  method: Method,
  who: () => Promise<TestUser> | TestUser | typeof anonymously,
) {
  it(`${method}: from another origin -> 403 (Origin, or Sec-Fetch-Site without one)`, async () => {
    const caller = await who();
    const foreign = await call(pattern, method, caller, { origin: "http://evil.example" }, "shared");
    expect(foreign.status, foreign.text).toBe(403);
    expect(foreign.text).toContain("Cross-site");
    const headers = { ...caller.headers() } as Record<string, string>;
    delete headers.origin;
    const fetchMeta = await call(
      pattern,
      method,
      { headers: () => headers },
      { "sec-fetch-site": "cross-site" },
      "shared",
    );
    expect(fetchMeta.status, fetchMeta.text).toBe(403);
  });
}
