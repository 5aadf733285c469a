// The authorization matrix, generated from the route list: every app/api/**/route.ts and each HTTP
// method it exports must have a rule in lib/auth/route-rules.ts (else this fails), and every rule is
// tried with real callers on SQLite and PostgreSQL:
//   anonymous -> 401; a member of another workspace -> 404 for this workspace's ids (and never one
//   of its ids in an answer); a role or API key below the rule -> 403; the roles the rule allows get
//   past authorization; a cookie mutation from another origin -> 403.
// A new route needs one line in lib/auth/route-rules.ts. Resources of a new kind can be taught to
// `fixture()` below (otherwise their [id] is a made-up one, so only "not found" is exercised).
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { routeRules } from "@/lib/auth/route-rules";
import { createInvite } from "@/lib/auth/members";
import { atLeast, roles, type Role } from "@/lib/auth/roles";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { newId } from "@/lib/ids";
import { apiKey, newTestWorkspace, signedIn, TEST_ORIGIN, type TestUser } from "../support/auth";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: unknown) => Promise<Response>;

function routeFiles(dir = path.join(ROOT, "app/api")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}
const patternOf = (file: string) => "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
const routes = routeFiles().map((file) => ({ file, pattern: patternOf(file) })).sort((a, b) => a.pattern.localeCompare(b.pattern));

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
};

let A: string; // the workspace under test
let B: string; // another workspace
const users = {} as Record<Role, TestUser>;
let outsider: TestUser; // owner of B
let keys: { read: Awaited<ReturnType<typeof apiKey>>; write: Awaited<ReturnType<typeof apiKey>> };
const shared = {} as Record<Kind, string>;

/** A fresh resource of `kind` in workspace A (mutations may delete or change it). */
async function fixture(kind: Kind): Promise<string> {
  const db = await getDb();
  switch (kind) {
    case "flow":
      return (await createFlow(A, { name: "matrix" })).id;
    case "credential":
      return (await createCredential(A, { name: `matrix ${newId("c")}`, type: "webhook-secret", value: "whsec_matrix_value_123456" })).id;
    case "delivery":
    case "run": {
      const flow = await createFlow(A, { name: "matrix run" });
      const endpoint = flow.endpoints[0]!;
      const deliveryId = newId("dlv");
      await db.delivery.create({ data: { id: deliveryId, workspaceId: A, flowId: flow.id, endpointId: endpoint.id, method: "POST", headers: "{}", body: Buffer.from("{}"), verdict: "accepted" } });
      if (kind === "delivery") return deliveryId;
      const runId = newId("run");
      await db.run.create({ data: { id: runId, workspaceId: A, flowId: flow.id, deliveryId, status: "succeeded", definition: flow.draft } });
      return runId;
    }
    case "member":
      return (await signedIn({ workspaceId: A, role: "viewer" })).memberId!;
    case "invite":
      return (await createInvite(A, { role: "viewer" }, null)).id;
    case "apiKey":
      return (await apiKey(A, "read")).id;
    case "table":
      return (await db.dataTable.create({ data: { id: newId("tbl"), workspaceId: A, name: `matrix ${newId("t")}` } })).id;
  }
}

const MADE_UP = "zz_no_such_id";

async function call(pattern: string, method: Method, headers: Record<string, string>, fresh: boolean | "made-up") {
  const params: Record<string, string | string[]> = {};
  const segs = pattern.split("/").filter(Boolean);
  const kind = kindOf[segs[1] ?? ""];
  const parts: string[] = [];
  for (const s of segs) {
    const m = /^\[(\.\.\.)?(\w+)\]$/.exec(s);
    if (!m) parts.push(s);
    else if (m[1]) parts.push((params[m[2]!] = ["x"])[0]!);
    else {
      const value = m[2] !== "id" ? "1" : !kind || fresh === "made-up" ? MADE_UP : fresh ? await fixture(kind) : shared[kind];
      params[m[2]!] = value;
      parts.push(encodeURIComponent(value));
    }
  }
  const mod = (await import(routes.find((r) => r.pattern === pattern)!.file)) as Record<string, Handler>;
  const hasBody = method !== "GET" && method !== "DELETE";
  const req = new Request(`${TEST_ORIGIN}/${parts.join("/")}`, {
    method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    ...(hasBody ? { body: "{}" } : {}),
  });
  const res = await mod[method]!(req, { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
}


beforeAll(async () => {
  A = await newTestWorkspace("matrix A");
  B = await newTestWorkspace("matrix B");
  for (const r of roles) users[r] = await signedIn({ workspaceId: A, role: r });
  outsider = await signedIn({ workspaceId: B, role: "owner" });
  keys = { read: await apiKey(A, "read"), write: await apiKey(A, "write") };
  for (const k of Object.values(kindOf)) shared[k] = await fixture(k);
});

describe(`authorization matrix (${inject("database")})`, () => {
  it("finds the app's routes", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.map((r) => r.pattern)).toContain("/api/flows/[id]/publish");
  });

  it("has no server actions (they would need rules too)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name) && /^\s*["']use server["']/m.test(fs.readFileSync(p, "utf8"))) offenders.push(path.relative(ROOT, p));
      }
    };
    for (const d of ["app", "components", "lib"]) walk(path.join(ROOT, d));
    expect(offenders).toEqual([]);
  });

  for (const { file, pattern } of routes) {
    describe(pattern, () => {
      it("has a rule for every exported method", async () => {
        const mod = (await import(file)) as Record<string, unknown>;
        const exported = METHODS.filter((m) => typeof mod[m] === "function");
        expect(exported.length).toBeGreaterThan(0);
        const missing = exported.filter((m) => !routeRules[pattern]?.[m]);
        expect(missing, `add ${pattern} { ${missing.join(", ")} } to lib/auth/route-rules.ts`).toEqual([]);
      });

      const source = fs.readFileSync(file, "utf8");
      for (const method of METHODS) {
        const rule = routeRules[pattern]?.[method];
        if (!rule || rule === "public") continue;
        if (!new RegExp(`export (const|async function) ${method}\\b`).test(source)) continue; // a rule ahead of its route
        const need = typeof rule === "string" ? rule : rule.role;
        const mutation = method !== "GET";
        const hasId = pattern.includes("[id]");
        // Whether an allowed caller must find the fixture: a known kind and no other params.
        const findable = hasId && Boolean(kindOf[pattern.split("/")[2] ?? ""]) && (pattern.match(/\[/g) ?? []).length === 1;

        it(`${method}: anonymous -> 401`, async () => {
          expect((await call(pattern, method, { origin: TEST_ORIGIN }, false)).status).toBe(401);
        });

        if (need === "session") {
          it(`${method}: an API key -> 403, a signed-in user gets through`, async () => {
            expect((await call(pattern, method, keys.write.headers(), false)).status).toBe(403);
            const someone = await signedIn({ workspaceId: B, role: "viewer" });
            expect([401, 403]).not.toContain((await call(pattern, method, someone.headers(), true)).status);
          });
          continue;
        }

        it(`${method}: a member of another workspace ${hasId ? "-> 404, as for an id that does not exist" : "never sees this one's ids"}`, async () => {
          const res = await call(pattern, method, outsider.headers(), false);
          for (const id of Object.values(shared)) expect(res.text).not.toContain(id);
          if (!hasId) return void expect([401, 403]).not.toContain(res.status);
          // No existence leak: the same answer as for a made-up id (404; 400 when the body is checked first).
          const madeUp = await call(pattern, method, outsider.headers(), "made-up");
          expect(res.status).toBe(madeUp.status);
          expect([400, 404]).toContain(res.status);
        });

        for (const r of roles) {
          const allowed = atLeast(r, need);
          it(`${method}: ${r} -> ${allowed ? "allowed" : "403"}`, async () => {
            const res = await call(pattern, method, users[r].headers(), allowed);
            if (!allowed) expect(res.status).toBe(403);
            else {
              expect([401, 403]).not.toContain(res.status);
              expect(res.status, res.text).toBeLessThan(500);
              if (findable) expect(res.status).not.toBe(404);
            }
          });
        }

        it(`${method}: API keys (read = viewer, write = editor, never owner)`, async () => {
          const read = await call(pattern, method, keys.read.headers(), atLeast("viewer", need));
          expect(read.status === 403).toBe(!atLeast("viewer", need));
          const write = await call(pattern, method, keys.write.headers(), atLeast("editor", need));
          expect(write.status === 403).toBe(!atLeast("editor", need));
          expect(read.status).not.toBe(401);
        });

        if (mutation) {
          it(`${method}: a cookie request from another origin -> 403`, async () => {
            const res = await call(pattern, method, users.owner.headers({ origin: "http://evil.example" }), false);
            expect(res.status).toBe(403);
            expect(res.text).toContain("Cross-site");
          });
        }
      }
    });
  }
});
