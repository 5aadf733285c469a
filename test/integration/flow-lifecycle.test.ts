// The flow lifecycle through its route handlers, on SQLite and PostgreSQL, with the real engine
// behind the webhook URLs: delete (everything of the flow gone, nothing else; refused to viewers,
// other workspaces and while runs are unfinished), archive (410, nothing stored, unarchive
// restores), duplicate (new URLs, credential references kept, signing secret left out) and the
// flows list (status, search, last delivery, 24 h success rate). Audit rows for each.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DELETE as deleteFlowRoute } from "@/app/api/flows/[id]/route";
import { POST as archiveRoute } from "@/app/api/flows/[id]/archive/route";
import { GET as deletionRoute } from "@/app/api/flows/[id]/deletion/route";
import { POST as duplicateRoute } from "@/app/api/flows/[id]/duplicate/route";
import { GET as listRoute } from "@/app/api/flows/route";
import type { FlowListItem } from "@/lib/api/flow-list-dto";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { setPaused } from "@/lib/flows/set-paused";
import { newId } from "@/lib/ids";
import { idAt } from "@/lib/runs/sql";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { newTestWorkspace, signedIn, type TestUser } from "../support/auth";
import { startEngine } from "../support/engine-harness";
import { finishedRun, newSecret, send, webhookFlow } from "../support/ingest-helpers";

let engine: Awaited<ReturnType<typeof startEngine>>;
let ws: string;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser; // an editor of another workspace

beforeAll(async () => {
  engine = await startEngine();
  ws = await currentWorkspaceId();
  editor = await signedIn({ workspaceId: ws, role: "editor" });
  viewer = await signedIn({ workspaceId: ws, role: "viewer" });
  stranger = await signedIn({ workspaceId: await newTestWorkspace("lifecycle other"), role: "editor" });
});
afterAll(async () => {
  await engine?.stop();
});

type Handler = (req: Request, ctx: never) => Promise<Response>;
async function call(handler: Handler, who: TestUser, method: string, path: string, id?: string, body?: unknown) {
  const res = await handler(
    new Request(`http://localhost${path}`, {
      method,
      headers: who.headers(body === undefined ? {} : { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { params: Promise.resolve({ id }) } as never,
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const post = (path: string, body: unknown) => send(engine, path, JSON.stringify(body));

/** Row counts of everything a flow owns. */
async function footprint(flowId: string) {
  const db = await getDb();
  const [flows, versions, endpoints, deliveries, runs, steps, tokens, requests, dedupe] = await Promise.all([
    db.flow.count({ where: { id: flowId } }),
    db.flowVersion.count({ where: { flowId } }),
    db.webhookEndpoint.count({ where: { flowId } }),
    db.delivery.count({ where: { flowId } }),
    db.run.count({ where: { flowId } }),
    db.stepRun.count({ where: { run: { flowId } } }),
    db.runSearchToken.count({ where: { flowId } }),
    db.runRequest.count({ where: { flowId } }),
    db.dedupeKey.count({ where: { flowId } }),
  ]);
  return { flows, versions, endpoints, deliveries, runs, steps, tokens, requests, dedupe };
}

const auditOf = async (action: string, targetId: string) =>
  (await getDb()).auditEvent.findMany({ where: { action, targetId } });

describe(`deleting a flow (${inject("database")})`, () => {
  it("removes the flow, its versions, URLs and history in one go, and nothing of another flow", async () => {
    const doomed = await webhookFlow({ dedupe: { by: "json", path: "id", windowHours: 24 } });
    const other = await webhookFlow();
    const a = await post(doomed.live, { id: `evt_${randomUUID()}`, hello: 1 });
    expect(a.status).toBe(202);
    await finishedRun(a.id!);
    const b = await post(other.live, { hello: 2 });
    expect(b.status).toBe(202);
    await finishedRun(b.id!);
    await post(doomed.test, { sample: true });
    const before = await footprint(doomed.flowId);
    expect(before).toMatchObject({ flows: 1, versions: 1, endpoints: 2, deliveries: 2, runs: 1, dedupe: 1 });
    expect(before.steps).toBeGreaterThan(0);
    const otherBefore = await footprint(other.flowId);

    const path = `/api/flows/${doomed.flowId}`;
    const summary = await call(deletionRoute, viewer, "GET", `${path}/deletion`, doomed.flowId);
    expect(summary.json).toMatchObject({ versions: 1, urls: 2, deliveries: 2, runs: 1, unfinishedRuns: 0 });

    expect((await call(deleteFlowRoute, viewer, "DELETE", path, doomed.flowId)).status).toBe(403);
    expect((await call(deleteFlowRoute, stranger, "DELETE", path, doomed.flowId)).status).toBe(404);
    expect((await footprint(doomed.flowId)).flows).toBe(1);

    const done = await call(deleteFlowRoute, editor, "DELETE", path, doomed.flowId);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ id: doomed.flowId, versions: 1, urls: 2, runs: 1 });
    expect(await footprint(doomed.flowId)).toEqual({
      flows: 0,
      versions: 0,
      endpoints: 0,
      deliveries: 0,
      runs: 0,
      steps: 0,
      tokens: 0,
      requests: 0,
      dedupe: 0,
    });
    expect(await footprint(other.flowId)).toEqual(otherBefore);
    // The deleted URL is unknown now; the other flow's still runs.
    expect((await post(doomed.live, { late: true })).status).toBe(404);
    expect((await post(other.live, { still: true })).status).toBe(202);

    const events = await auditOf("flow.deleted", doomed.flowId);
    expect(events).toHaveLength(1);
    expect(events[0]!.actorLabel).toBe(editor.email);
  });

  it("refuses while a run is unfinished (409), and cancels it first when asked", async () => {
    const flow = await webhookFlow();
    const db = await getDb();
    const version = await db.flowVersion.findFirstOrThrow({ where: { flowId: flow.flowId } });
    const runId = newId("run");
    // A run the executor is working on (as far as the database says).
    await db.run.create({
      data: {
        id: runId,
        workspaceId: flow.ws,
        flowId: flow.flowId,
        flowVersionId: version.id,
        status: "sleeping",
        dispatchedAt: new Date(),
      },
    });
    const path = `/api/flows/${flow.flowId}`;
    const refused = await call(deleteFlowRoute, editor, "DELETE", path, flow.flowId);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toMatch(/1 run of this flow is not finished/);
    expect((await footprint(flow.flowId)).flows).toBe(1);
    expect(await auditOf("flow.deleted", flow.flowId)).toHaveLength(0);

    const done = await call(deleteFlowRoute, editor, "DELETE", `${path}?cancelRuns=true`, flow.flowId);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ cancelledRuns: 1 });
    expect(await footprint(flow.flowId)).toMatchObject({ flows: 0, runs: 0 });
  });
});

describe(`archiving a flow (${inject("database")})`, () => {
  it("makes its URLs answer 410 without storing anything; unarchiving restores them", async () => {
    const flow = await webhookFlow();
    const db = await getDb();
    const path = `/api/flows/${flow.flowId}/archive`;
    expect((await call(archiveRoute, viewer, "POST", path, flow.flowId, { archived: true })).status).toBe(403);
    const archived = await call(archiveRoute, editor, "POST", path, flow.flowId, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ archived: true });

    const live = await post(flow.live, { hello: "archived" });
    expect(live.status).toBe(410);
    expect(live.text).toMatch(/archived/);
    // Not even a rejection: no row, no budget counted (a GET with a huge body would be the same).
    expect((await send(engine, flow.test, JSON.stringify({ sample: 1 }))).status).toBe(410);
    expect((await send(engine, flow.live, undefined, {}, "GET")).status).toBe(410);
    expect(await db.delivery.count({ where: { flowId: flow.flowId } })).toBe(0);
    expect(await db.rejectCounter.count({ where: { scope: { contains: flow.flowId } } })).toBe(0);

    const unarchived = await call(archiveRoute, editor, "POST", path, flow.flowId, { archived: false });
    expect(unarchived.json).toMatchObject({ archived: false });
    const back = await post(flow.live, { hello: "back" });
    expect(back.status).toBe(202);
    expect(await db.delivery.count({ where: { flowId: flow.flowId } })).toBe(1);
    expect(await auditOf("flow.archived", flow.flowId)).toHaveLength(2);
  });
});

describe(`duplicating a flow (${inject("database")})`, () => {
  it("copies the draft with new URLs, the same credential references and no signing secret", async () => {
    const secretId = await newSecret(`whsec_${randomUUID().replaceAll("-", "")}`);
    const apiCredential = await newSecret(`token-${randomUUID()}`);
    const source = await createFlow(ws, { name: `Orders ${randomUUID().slice(0, 6)}` });
    await saveDraft(ws, source.id, {
      revision: 0,
      definition: {
        schemaVersion: 1,
        nodes: [
          {
            id: "trigger",
            type: "webhook",
            position: { x: 0, y: 0 },
            data: { config: { verification: { preset: "stripe" }, secretId } },
          },
          {
            id: "http_1",
            type: "http",
            position: { x: 300, y: 0 },
            data: {
              config: { method: "POST", url: "https://example.com/x", auth: "bearer", credentialId: apiCredential },
            },
          },
        ],
        edges: [{ id: "e1", source: "trigger", target: "http_1" }],
      },
    });
    await publishFlow(ws, source.id);
    const db = await getDb();
    const credentialsBefore = await db.credential.count({ where: { workspaceId: ws } });

    const path = `/api/flows/${source.id}/duplicate`;
    expect((await call(duplicateRoute, viewer, "POST", path, source.id)).status).toBe(403);
    expect((await call(duplicateRoute, stranger, "POST", path, source.id)).status).toBe(404);
    const copy = await call(duplicateRoute, editor, "POST", path, source.id);
    expect(copy.status).toBe(201);
    const copyId = copy.json.id as string;
    expect(copyId).not.toBe(source.id);
    expect(copy.json).toMatchObject({ name: `Copy of ${source.name}`, publishedVersion: null });

    const row = await db.flow.findUniqueOrThrow({ where: { id: copyId }, include: { endpoints: true } });
    const sourceTokens = source.endpoints.map((e) => e.token);
    expect(row.endpoints).toHaveLength(2);
    for (const e of row.endpoints) expect(sourceTokens).not.toContain(e.token);
    const nodes = (JSON.parse(row.draft) as { nodes: { id: string; data: { config: Record<string, unknown> } }[] })
      .nodes;
    const trigger = nodes.find((n) => n.id === "trigger")!.data.config;
    expect(trigger.verification).toEqual({ preset: "stripe" });
    expect(trigger).not.toHaveProperty("secretId");
    expect(nodes.find((n) => n.id === "http_1")!.data.config.credentialId).toBe(apiCredential);
    expect(await db.credential.count({ where: { workspaceId: ws } })).toBe(credentialsBefore);
    expect(await db.flowVersion.count({ where: { flowId: copyId } })).toBe(0);
    expect(await auditOf("flow.duplicated", source.id)).toHaveLength(1);
  });
});

describe(`the flows list (${inject("database")})`, () => {
  it("shows status, last delivery and 24 h success rate, searches by name and filters by status", async () => {
    const own = await newTestWorkspace("flows list");
    const member = await signedIn({ workspaceId: own, role: "viewer" });
    const db = await getDb();
    const make = async (name: string, publish: boolean) => {
      const f = await createFlow(own, { name });
      if (publish) await publishFlow(own, f.id);
      return f;
    };
    await make("Draft 50%_off", false);
    const payments = await make("Payments", true);
    const paused = await make("Paused payments", true);
    const archived = await make("Old payments", true);
    await setPaused(own, paused.id, { paused: true });
    await db.flow.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });

    const now = Date.now();
    const idOf = (prefix: string, ms: number) => `${idAt(prefix, ms)}${randomUUID().slice(0, 8)}`;
    const live = payments.endpoints.find((e) => e.kind === "live")!;
    const lastAt = now - 3_600_000;
    const deliveries = [
      { id: idOf("dlv", now - 2 * 3_600_000), kind: "live" },
      { id: idOf("dlv", lastAt), kind: "live" },
      // Newer, but not a live delivery: not the "last delivery".
      { id: idOf("dlv", now - 60_000), kind: "test" },
    ];
    for (const d of deliveries)
      await db.delivery.create({
        data: {
          id: d.id,
          workspaceId: own,
          flowId: payments.id,
          endpointId: live.id,
          kind: d.kind,
          method: "POST",
          headers: "{}",
          body: Buffer.from("{}"),
          verdict: "accepted",
          receivedAt: new Date(now),
        },
      });
    const runs = [
      ...["succeeded", "succeeded", "succeeded", "failed", "running"].map((status) => ({ status, at: now - 600_000 })),
      // Older than a day: not counted.
      { status: "failed", at: now - 2 * 86_400_000 },
    ];
    for (const r of runs)
      await db.run.create({
        data: { id: idOf("run", r.at), workspaceId: own, flowId: payments.id, status: r.status, definition: "{}" },
      });

    const list = async (query = "") => {
      const res = await call(listRoute, member, "GET", `/api/flows${query}`);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.items as FlowListItem[];
    };
    const all = await list();
    expect(all.map((f) => f.name).sort()).toEqual(["Draft 50%_off", "Paused payments", "Payments"]);
    const byName = Object.fromEntries(all.map((f) => [f.name, f]));
    expect(byName["Draft 50%_off"]).toMatchObject({ status: "draft", lastDeliveryAt: null, successRate24h: null });
    expect(byName["Paused payments"]!.status).toBe("paused");
    expect(byName.Payments).toMatchObject({
      status: "published",
      lastDeliveryAt: new Date(lastAt).toISOString(),
      successRate24h: 0.75,
      runs24h: 4,
    });

    expect((await list("?status=archived")).map((f) => [f.name, f.status])).toEqual([["Old payments", "archived"]]);
    expect((await list("?status=all")).length).toBe(4);
    expect((await list("?status=published")).map((f) => f.name)).toEqual(["Payments"]);
    expect((await list("?status=draft")).map((f) => f.name)).toEqual(["Draft 50%_off"]);
    expect((await list("?q=PAYMENTS")).map((f) => f.name).sort()).toEqual(["Paused payments", "Payments"]);
    // % and _ are literal characters, not patterns.
    expect((await list("?q=50%25_")).map((f) => f.name)).toEqual(["Draft 50%_off"]);
    expect(await list("?q=%25%25")).toEqual([]);
    expect((await call(listRoute, member, "GET", "/api/flows?status=gone")).status).toBe(400);
    // Another workspace's member sees none of them.
    const theirs = await call(listRoute, stranger, "GET", "/api/flows?q=payments");
    expect((theirs.json.items as FlowListItem[]).map((f) => f.id)).not.toContain(payments.id);
  });
});
