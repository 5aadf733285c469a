// The stale-event guard: per flow and object, an event whose version is older than the newest
// already accepted is stored as stale_event and does not run (or runs, flagged). Decided in the
// group commit's write with one conditional upsert per object, so the same on SQLite and
// PostgreSQL, within one batch (arrival order), across batches, and across connections (app
// instances). Equal versions are not stale; objects are independent; the guard off changes nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as flowRunsRoute } from "@/app/api/flows/[id]/runs/route";
import { GET as runRoute } from "@/app/api/runs/[id]/route";
import { GET as runsRoute } from "@/app/api/runs/route";
import type { Page, RunDetail, RunSummary } from "@/lib/api/dto";
import { getDb, sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { listRuns } from "@/lib/runs/list-runs";
import { STALE_BODY_READ_LIMIT } from "@/lib/runs/stale-events";
import type { Committed, Pending } from "@/lib/webhooks/batch-types";
import { closeIngestPg, writeBatchPg } from "@/lib/webhooks/pg-batch";
import { writeBatchSqlite } from "@/lib/webhooks/sqlite-batch";
import { signedIn } from "../support/auth";
import { eventually, startEngine } from "../support/engine-harness";
import {
  deliveriesOfFlow,
  newSecret,
  runsOfFlow,
  send,
  shopifyHeaders,
  stripeHeaders,
  webhookFlow,
  type TriggerConfig,
  writerFlow,
} from "../support/ingest-helpers";

const write = (items: Pending[]): Promise<Committed[]> =>
  usingPostgres()
    ? writeBatchPg(env().DATABASE_URL, items, new Date())
    : writeBatchSqlite(sqliteFile(env().DATABASE_URL), items, new Date());

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
  await closeIngestPg();
});

/** A writer flow whose deliveries are guarded: object `object`, version `version`. */
async function guarded() {
  const f = await writerFlow();
  const item = (object: string, version: number, flag = false): Pending => ({
    ...f.item(randomUUID()),
    stale: { key: object, version, flag },
  });
  return { flowId: f.flowId, item };
}

const verdicts = (r: Committed[]) => r.map((c) => c.verdict);

/** Stripe's defaults, running stale events flagged rather than skipping them. */
const FLAGGING_GUARD = {
  enabled: true,
  objectIdPath: "data.object.id",
  versionPath: "created",
  onStale: "flag",
} as const;

describe(`stale-event guard in the writer (${inject("database")})`, () => {
  it("judges one batch in arrival order: older than an earlier one is stale, equal is not, objects apart", async () => {
    const f = await guarded();
    const items = [f.item("A", 5), f.item("A", 3), f.item("A", 7), f.item("A", 7), f.item("B", 1), f.item("A", 6)];
    const results = await write(items);
    expect(verdicts(results)).toEqual(["accepted", "stale_event", "accepted", "accepted", "accepted", "stale_event"]);
    // A stale delivery queues no run; the others do.
    expect(results.map((r) => typeof r.runId === "string")).toEqual([true, false, true, true, true, false]);
    const db = await getDb();
    const stored = new Map((await db.delivery.findMany({ where: { flowId: f.flowId } })).map((d) => [d.id, d]));
    expect(items.map((i) => stored.get(i.row.id)!.verdict)).toEqual(verdicts(results));
    expect(stored.get(items[1]!.row.id)!.reason).toMatch(/Older than the newest event/);
    const marks = await db.staleMark.findMany({ where: { flowId: f.flowId }, orderBy: { objectKey: "asc" } });
    expect(marks.map((m) => [m.objectKey, m.version])).toEqual([
      ["A", 7],
      ["B", 1],
    ]);
  });

  it("judges later batches against the version held: older stale, equal and newer accepted", async () => {
    const f = await guarded();
    expect(verdicts(await write([f.item("A", 1_700_000_100)]))).toEqual(["accepted"]);
    expect(verdicts(await write([f.item("A", 1_700_000_050)]))).toEqual(["stale_event"]);
    expect(verdicts(await write([f.item("A", 1_700_000_100)]))).toEqual(["accepted"]);
    expect(verdicts(await write([f.item("A", 1_700_000_050), f.item("A", 1_700_000_200)]))).toEqual([
      "stale_event",
      "accepted",
    ]);
    // Another flow's marks are its own.
    const g = await guarded();
    expect(verdicts(await write([g.item("A", 1)]))).toEqual(["accepted"]);
  });

  it("runs a stale event flagged when the guard says so", async () => {
    const f = await guarded();
    await write([f.item("A", 10)]);
    const [r] = await write([f.item("A", 9, true)]);
    expect(r).toMatchObject({ verdict: "stale_event", flagged: true });
    expect(typeof r!.runId).toBe("string");
  });

  it("keeps the newest version when batches for one object commit at the same time (app instances)", async () => {
    const f = await guarded();
    const versions = [4, 11, 2, 9, 15, 1, 13, 7, 3, 12, 6, 14, 8, 5, 10];
    const items = versions.map((v) => f.item("A", v));
    // One batch each, all in flight together: on PostgreSQL each on a connection of its own.
    const results = (await Promise.all(items.map((i) => write([i])))).map((r) => r[0]!);
    const newest = items[versions.indexOf(15)]!;
    expect(results[versions.indexOf(15)]!.verdict).toBe("accepted");
    const mark = await (
      await getDb()
    ).staleMark.findUniqueOrThrow({
      where: { flowId_objectKey: { flowId: f.flowId, objectKey: "A" } },
    });
    expect(mark).toMatchObject({ version: 15, deliveryId: newest.row.id });
    // Whatever the order the commits took, accepted versions never went down: each stale one is
    // older than some accepted one.
    const accepted = versions.filter((_, i) => results[i]!.verdict === "accepted");
    for (const [i, r] of results.entries())
      if (r.verdict === "stale_event") expect(Math.max(...accepted)).toBeGreaterThan(versions[i]!);
  });
});

describe(`stale-event guard through ingest (${inject("database")})`, () => {
  const stripeEvent = (object: string, created: number) =>
    JSON.stringify({ id: `evt_${randomUUID()}`, type: "invoice.updated", created, data: { object: { id: object } } });

  async function stripeFlow(staleGuard?: TriggerConfig["staleGuard"]) {
    const secret = `whsec_${randomUUID().replaceAll("-", "")}`;
    const flow = await webhookFlow({
      verification: { preset: "stripe" },
      secretId: await newSecret(secret),
      ...(staleGuard ? { staleGuard } : {}),
    });
    const post = (body: string) => send(engine, flow.live, body, stripeHeaders(body, secret));
    return { ...flow, post };
  }

  it("stores the older of two events for one invoice as stale_event, answered 200, without a run", async () => {
    const f = await stripeFlow({ enabled: true, objectIdPath: "data.object.id", versionPath: "created" });
    const newer = await f.post(stripeEvent("in_1", 1_700_000_200));
    const older = await f.post(stripeEvent("in_1", 1_700_000_100));
    const other = await f.post(stripeEvent("in_2", 1_700_000_000));
    expect(newer.status).toBe(202);
    expect(older.status, older.text).toBe(200);
    expect(older.json).toMatchObject({ received: true, stale: true, id: older.id });
    expect(other.status).toBe(202);
    const stored = new Map((await deliveriesOfFlow(f.flowId)).map((d) => [d.id, d.verdict]));
    expect([stored.get(newer.id!), stored.get(older.id!), stored.get(other.id!)]).toEqual([
      "accepted",
      "stale_event",
      "accepted",
    ]);
    const runs = await runsOfFlow(f.flowId);
    expect(runs.map((r) => r.deliveryId).sort()).toEqual([newer.id, other.id].sort());
  });

  it("marks a stale event's run in the run lists and on the run page when the guard runs it flagged", async () => {
    const f = await stripeFlow(FLAGGING_GUARD);
    const newer = await f.post(stripeEvent("in_1", 1_700_000_200));
    const older = await f.post(stripeEvent("in_1", 1_700_000_100));
    expect([newer.status, older.status]).toEqual([202, 200]);
    expect(older.json).toMatchObject({ stale: true, ran: true });

    // The dispatcher turns the two run requests into runs at the engine's pace.
    const runs = await eventually(
      async () => {
        const started = await runsOfFlow(f.flowId);
        return started.length === 2 && started.every((r) => r.id) ? started : undefined;
      },
      20_000,
      "both runs created",
    );
    const runOf = (deliveryId: string) => runs.find((r) => r.deliveryId === deliveryId)!.id!;

    // Through the API routes, as the run history pages read them.
    const viewer = await signedIn({ workspaceId: f.ws, role: "viewer" });
    const get = async <T>(route: (req: Request, ctx: never) => Promise<Response>, path: string, id?: string) => {
      const res = await route(new Request(`http://localhost${path}`, { headers: viewer.headers() }), {
        params: Promise.resolve({ id }),
      } as never);
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    const marks = (page: Page<RunSummary>) =>
      Object.fromEntries(page.items.filter((r) => r.flowId === f.flowId).map((r) => [r.deliveryId, r.staleEvent]));
    const expected = { [newer.id!]: null, [older.id!]: { objectId: "in_1" } };
    expect(marks(await get(flowRunsRoute, `/api/flows/${f.flowId}/runs`, f.flowId))).toEqual(expected);
    for (const id of [newer.id!, older.id!])
      expect(marks(await get(runsRoute, `/api/runs?deliveryId=${id}`))).toEqual({ [id]: expected[id] });
    // A payload search reads the runs another way (the unindexed tail): still marked.
    expect(marks(await get(flowRunsRoute, `/api/flows/${f.flowId}/runs?q=in_1`, f.flowId))).toEqual(expected);

    const detail = (id: string) => get<RunDetail>(runRoute, `/api/runs/${id}`, id);
    expect((await detail(runOf(older.id!))).run.staleEvent).toEqual({ objectId: "in_1" });
    expect((await detail(runOf(newer.id!))).run.staleEvent).toBeNull();
  });

  it("a stale event's badge names no object when its body is over the read-back limit (a list never parses large bodies)", async () => {
    const f = await stripeFlow(FLAGGING_GUARD);
    await f.post(stripeEvent("in_big", 1_700_000_200));
    const padded = (created: number) =>
      JSON.stringify({
        id: `evt_${randomUUID()}`,
        created,
        data: { object: { id: "in_big", note: "x".repeat(STALE_BODY_READ_LIMIT) } },
      });
    const older = await f.post(padded(1_700_000_100));
    expect(older.json).toMatchObject({ stale: true, ran: true });
    const run = await eventually(
      async () => (await listRuns(f.ws, f.flowId, { limit: 10 })).items.find((r) => r.deliveryId === older.id),
      20_000,
      "the stale run",
    );
    expect(run.staleEvent).toEqual({ objectId: null });
  });

  it("changes nothing with the guard off", async () => {
    const f = await stripeFlow({ enabled: false, objectIdPath: "data.object.id", versionPath: "created" });
    const newer = await f.post(stripeEvent("in_1", 1_700_000_200));
    const older = await f.post(stripeEvent("in_1", 1_700_000_100));
    expect([newer.status, older.status]).toEqual([202, 202]);
    const g = await stripeFlow();
    expect((await g.post(stripeEvent("in_1", 2))).status).toBe(202);
    expect((await g.post(stripeEvent("in_1", 1))).status).toBe(202);
  });

  it("accepts an event whose version cannot be read, saying why", async () => {
    const f = await stripeFlow({ enabled: true, objectIdPath: "data.object.id", versionPath: "created" });
    await f.post(stripeEvent("in_1", 1_700_000_200));
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, created: "yesterday", data: { object: { id: "in_1" } } });
    const answer = await f.post(body);
    expect(answer.status).toBe(202);
    const row = (await deliveriesOfFlow(f.flowId)).find((d) => d.id === answer.id)!;
    expect(row.verdict).toBe("accepted");
    expect(row.reason).toMatch(/not a number or time; not checked/);
  });

  it("compares ISO times from a header (Shopify's X-Shopify-Triggered-At) as times", async () => {
    const secret = randomUUID();
    const flow = await webhookFlow({
      verification: { preset: "shopify" },
      secretId: await newSecret(secret),
      staleGuard: {
        enabled: true,
        objectIdPath: "id",
        versionHeader: "X-Shopify-Triggered-At",
        versionPath: "updated_at",
      },
    });
    const order = JSON.stringify({ id: 450789469, updated_at: "2026-12-06T05:00:00-05:00" });
    const at = (iso: string) => ({ ...shopifyHeaders(order, secret), "x-shopify-triggered-at": iso });
    const newer = await send(engine, flow.live, order, at("2026-12-06T10:00:01.500Z"));
    const older = await send(engine, flow.live, order, at("2026-12-06T10:00:01.000Z"));
    expect([newer.status, older.status]).toEqual([202, 200]);
    expect(older.json).toMatchObject({ stale: true });
  });
});
