// Run history on SQLite and PostgreSQL: list filters, keyset pagination, payload search (index
// and unindexed tail), replay / bulk replay / dry run rows, the overview, retention in batches.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { setRetentionDays, sweepWorkspace, sweepExpiredDedupeKeys } from "@/lib/retention/retention";
import { getRun, getRunDeliveryBody, SHOWN_BODY_BYTES } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import { flowOverview } from "@/lib/runs/overview";
import { batchProgress, bulkReplay, dryRunOnDraft, replayRun } from "@/lib/runs/replay";
import { indexedUpTo, indexPendingRuns, SEARCH_CURSOR } from "@/lib/runs/search-index";
import { idAt, idTime } from "@/lib/runs/sql";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";

const DAY = 86_400_000;
// A kept-alive socket the server just closed fails the next request with ECONNRESET: send again.
async function post(path: string, body: string) {
  try {
    return await engine.post(path, body);
  } catch {
    return engine.post(path, body);
  }
}
const rnd = () => Array.from(randomBytes(12), (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
const idAtTime = (prefix: string, ms: number) => `${prefix}_${ms.toString(36).padStart(9, "0")}${rnd()}`;

const definition = {
  schemaVersion: 1 as const,
  nodes: [
    {
      id: "trigger",
      type: "webhook",
      position: { x: 0, y: 0 },
      data: { label: "Webhook", config: { dedupe: { by: "json", path: "id", windowHours: 24 * 7 } } },
    },
  ],
  edges: [],
};

async function makeFlow(name: string) {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `${name} (${inject("database")})` });
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  const db = await getDb();
  const version = await db.flowVersion.findFirstOrThrow({ where: { flowId: flow.id }, orderBy: { number: "desc" } });
  const endpoint = flow.endpoints.find((e) => e.kind === "live")!;
  return { ws, flow, version, endpoint };
}

type Made = Awaited<ReturnType<typeof makeFlow>>;
type Seed = { ageMs?: number; status?: string; eventType?: string; body?: unknown; raw?: string };

async function seed(f: Made, runs: Seed[]) {
  const db = await getDb();
  const now = Date.now();
  const deliveries = [];
  const rows = [];
  for (const [i, s] of runs.entries()) {
    const at = now - (s.ageMs ?? 0) - (runs.length - i); // later entries are newer
    const dId = idAtTime("dlv", at);
    const body = s.raw ?? JSON.stringify(s.body ?? { id: `evt_${rnd()}`, type: s.eventType ?? "order.created" });
    deliveries.push({
      id: dId,
      workspaceId: f.ws,
      flowId: f.flow.id,
      endpointId: f.endpoint.id,
      method: "POST",
      headers: "{}",
      body: Buffer.from(body),
      contentType: "application/json",
      receivedAt: new Date(at),
      verdict: "accepted",
      size: body.length,
      eventType: s.eventType ?? null,
    });
    rows.push({
      id: idAtTime("run", at),
      workspaceId: f.ws,
      flowId: f.flow.id,
      flowVersionId: f.version.id,
      deliveryId: dId,
      status: s.status ?? "succeeded",
      eventType: s.eventType ?? null,
      createdAt: new Date(at),
      startedAt: new Date(at),
      finishedAt: new Date(at + 120),
    });
  }
  await db.delivery.createMany({ data: deliveries });
  await db.run.createMany({ data: rows });
  return rows.map((r) => r.id);
}

// The engine first: lib/env reads its ports once (the retention test posts real deliveries).
let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

describe(`run history lists (${inject("database")})`, () => {
  let f: Made;
  let ids: string[];
  beforeAll(async () => {
    f = await makeFlow("history");
    ids = await seed(f, [
      {
        status: "failed",
        eventType: "charge.failed",
        body: { id: "evt_1", type: "charge.failed", data: { object: { customer: "cus_FindMe42", amount: 1999 } } },
        ageMs: 3 * DAY,
      },
      ...Array.from({ length: 30 }, (_, i) => ({
        status: i % 3 === 0 ? "failed" : "succeeded",
        eventType: i % 2 ? "order.created" : "order.paid",
        body: { id: `evt_x${i}`, order: { number: 5000 + i } },
      })),
      {
        status: "running",
        eventType: "order.paid",
        body: { id: "evt_2", order: { number: 777001, email: "Jenny.History@Example.com" } },
      },
    ]);
  });

  it("pages newest first with a keyset cursor, no row twice, none skipped", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(f.ws, f.flow.id, { limit: 7, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by status (one or several), event type and time range, across flows too", async () => {
    const failed = await listRuns(f.ws, f.flow.id, { limit: 100, status: ["failed"] });
    expect(failed.items.length).toBe(11);
    expect(failed.items.every((r) => r.status === "failed")).toBe(true);
    const active = await listRuns(f.ws, f.flow.id, { limit: 100, status: ["running", "queued"] });
    expect(active.items.map((r) => r.id)).toEqual([ids.at(-1)]);
    const paid = await listRuns(f.ws, f.flow.id, { limit: 100, eventType: "order.paid", status: ["failed"] });
    expect(paid.items.every((r) => r.eventType === "order.paid" && r.status === "failed")).toBe(true);
    expect(paid.items.length).toBe(5);
    const lastDay = await listRuns(f.ws, f.flow.id, { limit: 100, from: new Date(Date.now() - DAY) });
    expect(lastDay.items.length).toBe(31);
    const older = await listRuns(f.ws, f.flow.id, { limit: 100, to: new Date(Date.now() - DAY) });
    expect(older.items.map((r) => r.id)).toEqual([ids[0]]);
    const all = await listRuns(f.ws, null, { limit: 100, eventType: "charge.failed" });
    expect(all.items.map((r) => [r.id, r.flowName])).toContainEqual([ids[0], f.flow.name]);
  });

  it("finds runs by a payload value through the index and in the unindexed tail, and by delivery id", async () => {
    // Not indexed yet: found by scanning the tail.
    const tail = await listRuns(f.ws, f.flow.id, { limit: 10, q: "777001" });
    expect(tail.items.map((r) => r.id)).toEqual([ids.at(-1)]);
    // Some of these runs are seeded with ids from days ago, which no real run has: other files'
    // runs may have moved the shared cursor past them. A lower cursor only re-indexes.
    const db = await getDb();
    const from = idAt("run", idTime(ids[0]!) - 1);
    await db.historyCursor.upsert({
      where: { id: SEARCH_CURSOR },
      create: { id: SEARCH_CURSOR, lastId: from },
      update: { lastId: from },
    });
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    expect(await db.runSearchToken.count({ where: { runId: ids[0], token: "cus_findme42" } })).toBe(1);
    // Indexed now: case-insensitive exact value.
    const byCustomer = await listRuns(f.ws, f.flow.id, { limit: 10, q: "CUS_FindMe42" });
    expect(byCustomer.items.map((r) => r.id)).toEqual([ids[0]]);
    // Across the workspace, which other test files share: a value no shared fixture carries.
    expect((await listRuns(f.ws, null, { limit: 10, q: "jenny.history@example.com" })).items.map((r) => r.id)).toEqual([
      ids.at(-1),
    ]);
    expect((await listRuns(f.ws, f.flow.id, { limit: 10, q: "cus_FindMe" })).items).toEqual([]);
    // Combined with a filter, and paged.
    const orders = await listRuns(f.ws, f.flow.id, { limit: 10, q: "5003" });
    expect(orders.items).toHaveLength(1);
    expect((await listRuns(f.ws, f.flow.id, { limit: 10, q: "5003", status: ["succeeded"] })).items).toEqual([]);
    const detail = await getRun(f.ws, ids[0]!);
    const byDelivery = await listRuns(f.ws, null, { limit: 10, q: detail.run.deliveryId! });
    expect(byDelivery.items.map((r) => r.id)).toEqual([ids[0]]);
  });

  it("pages through search results with the cursor", async () => {
    const more = await makeFlow("search paging");
    const many = await seed(
      more,
      Array.from({ length: 12 }, (_, i) => ({ body: { id: `e${i}`, tag: "SharedTag" } })),
    );
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(more.ws, more.flow.id, { limit: 5, cursor, q: "sharedtag" });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...many].reverse());
  });

  it("searches a common value with a rare status or a disjoint filter in bounded walks, across pages", async () => {
    const more = await makeFlow("common value");
    const tag = `common_${rnd()}`;
    // 60 runs, all carrying `tag`; some values and statuses common, some rare, some disjoint.
    const status = (i: number) =>
      i % 7 === 0 ? "failed" : i % 7 === 3 ? "cancelled" : i % 11 === 5 ? "running" : "succeeded";
    const eventType = (i: number) => (i % 2 ? "a.odd" : "a.even");
    const values = (i: number) => [tag, eventType(i), i % 5 === 0 ? "five" : "x", i % 3 === 0 ? "three" : "y"];
    const runs = await seed(
      more,
      Array.from({ length: 60 }, (_, i) => {
        const [, type, m, n] = values(i);
        return { status: status(i), eventType: eventType(i), body: { id: `c${i}`, tag, type, m, n } };
      }),
    );
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    type Opts = Omit<Parameters<typeof listRuns>[2], "cursor">;
    const all = async (opts: Opts) => {
      const seen: string[] = [];
      let pages = 0;
      let cursor: string | undefined;
      do {
        const page = await listRuns(more.ws, more.flow.id, { ...opts, cursor });
        expect(page.items.length).toBeLessThanOrEqual(opts.limit);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 200);
      expect(cursor).toBeUndefined();
      return { seen, pages };
    };
    const filters: Omit<Opts, "limit">[] = [
      { q: tag, status: ["failed"] },
      { q: "five", status: ["failed", "cancelled"] },
      { q: "three", eventType: "a.odd" },
      { q: "five", status: ["succeeded"] },
      { q: "three", status: ["succeeded", "failed"] },
      { q: "a.even", eventType: "a.odd" },
      { q: "three", status: ["cancelled", "running"], eventType: "a.even" },
      // One status and an event type: walked along the flow's (flowId, status, eventType, id) index.
      { q: tag, status: ["failed"], eventType: "a.odd" },
    ];
    for (const f of filters) {
      const expected = runs
        .filter(
          (_, i) =>
            values(i).includes(f.q!) &&
            (!f.status || f.status.includes(status(i))) &&
            (!f.eventType || f.eventType === eventType(i)),
        )
        .reverse();
      // The default walk finds them all on one page; tiny walks (pages short, even empty, when
      // both lists are long and their intersection sparse) find every one of them once, in order.
      expect((await listRuns(more.ws, more.flow.id, { ...f, limit: 25 })).items.map((r) => r.id)).toEqual(expected);
      for (const scanLimit of [2, 5])
        for (const limit of [1, 3])
          expect((await all({ ...f, limit, scanLimit })).seen, JSON.stringify({ ...f, limit, scanLimit })).toEqual(
            expected,
          );
    }
    // No run of that status at all: the empty status list ends the search at once.
    expect(await listRuns(more.ws, more.flow.id, { limit: 5, q: tag, status: ["held"], scanLimit: 2 })).toEqual({
      items: [],
      nextCursor: null,
    });
    // Disjoint value and event type, both lists long: pages stop after their walks, with a cursor.
    const disjoint = await all({ limit: 5, q: "a.even", eventType: "a.odd", scanLimit: 4 });
    expect(disjoint.seen).toEqual([]);
    expect(disjoint.pages).toBeGreaterThan(1);
  });

  it("indexes a run that committed behind the cursor (a slow transaction)", async () => {
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    const cursor = await indexedUpTo();
    const late = await makeFlow("late commit");
    // An id taken 30 s before the cursor's run, committed only now.
    const [id] = await seed(late, [
      { ageMs: Date.now() - idTime(cursor) + 30_000, body: { id: "evt_late", customer: "cus_latecommit7" } },
    ]);
    expect(id! < cursor).toBe(true);
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    expect((await listRuns(late.ws, late.flow.id, { limit: 10, q: "cus_latecommit7" })).items.map((r) => r.id)).toEqual(
      [id],
    );
  });

  it("truncates a long body on the run page and downloads the whole", async () => {
    const big = "x".repeat(SHOWN_BODY_BYTES + 5000);
    const [id] = await seed(f, [{ raw: JSON.stringify({ big, note: "<script>alert(1)</script>" }) }]);
    const detail = await getRun(f.ws, id!);
    expect(detail.delivery!.truncated).toBe(true);
    expect(detail.delivery!.body.length).toBe(SHOWN_BODY_BYTES);
    expect(detail.delivery!.size).toBe(big.length + 45);
    const whole = await getRunDeliveryBody(f.ws, id!);
    expect(Buffer.from(whole.body).toString()).toContain("<script>alert(1)</script>");
  });
});

describe(`replays (${inject("database")})`, () => {
  // These tests read the rows a replay makes (a queued run; a batch with none finished) and set
  // their statuses themselves: the background dispatcher this file's engine runs must not hand
  // them to the executor meanwhile (a replayed run of this flow leaves "queued" within ~100 ms,
  // and the executor finishing a run would race the test's own status updates). An executor with
  // no room holds every queued run; the executor's own count comes back after.
  let real: (() => Promise<number>) | undefined;
  beforeAll(async () => {
    const { HIGH_WATER, setExecutorBacklog } = await import("@/lib/runs/dispatcher");
    real = setExecutorBacklog(async () => HIGH_WATER);
  });
  afterAll(async () => {
    const { setExecutorBacklog } = await import("@/lib/runs/dispatcher");
    setExecutorBacklog(real);
  });

  it("replays on the same or the latest version, keeps the delivery, and rejects another workspace's run", async () => {
    const f = await makeFlow("replay");
    const [orig] = await seed(f, [{ status: "failed", body: { id: "evt_r" } }]);
    const same = await replayRun(f.ws, orig!, "same");
    await saveDraft(f.ws, f.flow.id, {
      definition: {
        ...definition,
        nodes: [{ ...definition.nodes[0]!, data: { ...definition.nodes[0]!.data, label: "v2" } }],
      },
    });
    await publishFlow(f.ws, f.flow.id);
    const latest = await replayRun(f.ws, orig!, "latest");
    const db = await getDb();
    const rows = await db.run.findMany({
      where: { id: { in: [orig!, same.runId, latest.runId] } },
      include: { version: true },
    });
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by[same.runId]).toMatchObject({ status: "queued", replayOfId: orig, deliveryId: by[orig!]!.deliveryId });
    expect(by[same.runId]!.version!.number).toBe(1);
    expect(by[latest.runId]!.version!.number).toBe(2);
    expect(by[orig!]!.status).toBe("failed");
    await expect(replayRun("ws_other", orig!, "same")).rejects.toMatchObject({ code: "not_found" });

    const dry = await dryRunOnDraft(f.ws, orig!);
    const dryRow = await db.run.findUniqueOrThrow({ where: { id: dry.runId } });
    expect(dryRow).toMatchObject({ dryRun: true, flowVersionId: null, replayOfId: orig });
    expect(JSON.parse(dryRow.definition!).nodes[0].data.label).toBe("v2");
  });

  it("bulk-replays the failed runs matching a filter, and reports progress", async () => {
    const f = await makeFlow("bulk");
    await seed(
      f,
      Array.from({ length: 25 }, (_, i) => ({ status: i < 20 ? "failed" : "succeeded", body: { id: `b${i}` } })),
    );
    const res = await bulkReplay(f.ws, f.flow.id, { status: ["failed"] }, "same");
    expect(res).toMatchObject({ total: 20, skipped: 0 });
    const db = await getDb();
    const p0 = await batchProgress(f.ws, res.batchId);
    expect(p0).toMatchObject({ total: 20, finished: 0, active: 20, done: false });
    const batch = await db.run.findMany({ where: { batchId: res.batchId }, select: { id: true } });
    await db.run.updateMany({
      where: { id: { in: batch.slice(0, 15).map((r) => r.id) } },
      data: { status: "succeeded" },
    });
    await db.run.updateMany({ where: { id: { in: batch.slice(15).map((r) => r.id) } }, data: { status: "failed" } });
    expect(await batchProgress(f.ws, res.batchId)).toMatchObject({
      total: 20,
      finished: 20,
      succeeded: 15,
      failed: 5,
      done: true,
    });
    await expect(bulkReplay(f.ws, f.flow.id, { status: ["cancelled"] }, "same")).rejects.toMatchObject({
      code: "unprocessable",
    });
  });
});

describe(`overview (${inject("database")})`, () => {
  it("counts runs per day, the success rate and duration percentiles", async () => {
    const f = await makeFlow("overview");
    await seed(f, [
      { status: "succeeded", ageMs: 2 * DAY },
      { status: "failed", ageMs: 2 * DAY },
      { status: "succeeded" },
      { status: "succeeded" },
      { status: "running" },
    ]);
    const o = await flowOverview(f.ws, f.flow.id);
    expect(o.days).toHaveLength(30);
    expect(o.days.at(-1)).toMatchObject({ succeeded: 2, failed: 0 });
    expect(o.days.reduce((a, d) => a + d.failed, 0)).toBe(1);
    expect(o.successRate).toBeCloseTo(0.75);
    expect(o.p50Ms).toBe(120);
    expect(o.lastDelivery).not.toBeNull();
    expect(o.senders[0]!.line).toContain("no rejected request");
  });

  it("tells a sender's health from its rejected deliveries: the last in 7 days, the count in 24 h", async () => {
    const f = await makeFlow("sender health");
    const db = await getDb();
    const now = Date.now();
    const delivery = (ageMs: number, verdict: string, kind = "live") => ({
      id: idAtTime("dlv", now - ageMs),
      workspaceId: f.ws,
      flowId: f.flow.id,
      endpointId: f.endpoint.id,
      kind,
      method: "POST",
      headers: "{}",
      body: Buffer.from("{}"),
      receivedAt: new Date(now - ageMs),
      verdict,
    });
    await db.delivery.createMany({
      data: [
        delivery(8 * DAY, "bad_signature"), // outside the 7 days
        delivery(3 * DAY, "stale"), // in the 7 days, not in the 24 h
        delivery(2 * 3_600_000, "bad_signature"),
        delivery(3_600_000, "duplicate"), // acknowledged: not a rejection
        delivery(30 * 60_000, "accepted"),
        delivery(10 * 60_000, "bad_signature", "test"), // the test URL is not the sender
      ],
    });
    // Only the 8-day-old rejection would show if the 7-day window were wrong.
    const old = await makeFlow("sender health, old rejection");
    await db.delivery.createMany({
      data: [
        {
          ...delivery(8 * DAY, "bad_signature"),
          id: idAtTime("dlv", now - 8 * DAY),
          flowId: old.flow.id,
          endpointId: old.endpoint.id,
        },
      ],
    });
    expect((await flowOverview(old.ws, old.flow.id, now)).senders[0]).toMatchObject({
      state: "ok",
      lastRejectedAt: null,
      rejected24h: 0,
    });
    const o = await flowOverview(f.ws, f.flow.id, now);
    expect(o.lastDelivery).toMatchObject({ verdict: "accepted" });
    // One rejection in 24 h, older than the last accepted delivery: a warning, not failing.
    expect(o.senders[0]).toMatchObject({
      state: "warning",
      rejected24h: 1,
      lastRejectedAt: new Date(now - 2 * 3_600_000).toISOString(),
    });
    expect(o.senders[0]!.line).toContain("last rejected request 2 h ago (bad_signature)");

    await db.delivery.createMany({ data: [delivery(60_000, "too_large")] });
    const after = await flowOverview(f.ws, f.flow.id, now);
    expect(after.lastDelivery).toMatchObject({ verdict: "too_large" });
    expect(after.senders[0]).toMatchObject({ state: "failing", rejected24h: 2 });
    expect(after.senders[0]!.line).toContain("(too_large)");
  });
});

describe(`retention (${inject("database")})`, () => {
  afterAll(async () => {
    await setRetentionDays(await currentWorkspaceId(), 30);
  });

  it("deletes old runs and deliveries in batches, keeps recent ones, and dedupe still blocks a duplicate in its window", async () => {
    const f = await makeFlow("retention");
    const db = await getDb();
    // A real delivery through ingest, whose dedupe key (7-day window) must outlive its rows.
    const token = f.endpoint.token;
    const first = await post(`/api/hooks/${token}`, JSON.stringify({ id: "evt_keep_key", n: 1 }));
    expect(first.status).toBe(202);
    const firstRun = await eventually(
      async () => (await db.run.findFirst({ where: { flowId: f.flow.id } })) ?? undefined,
      10_000,
      "the first run",
    );
    await eventually(
      async () =>
        (await db.run.findUnique({ where: { id: firstRun.id } }))?.status === "succeeded" ? true : undefined,
      20_000,
      "the first run to finish",
    );

    const old = await seed(
      f,
      Array.from({ length: 23 }, (_, i) => ({ ageMs: 3 * DAY + i, body: { id: `old${i}` } })),
    );
    const recent = await seed(
      f,
      Array.from({ length: 4 }, (_, i) => ({ ageMs: DAY / 2, body: { id: `new${i}` } })),
    );
    // An old delivery replayed recently stays (the replay still needs it).
    const replayedOld = old[0]!;
    const replay = await replayRun(f.ws, replayedOld, "same");
    await indexPendingRuns({ settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER });
    await db.stepRun.createMany({
      data: old.map((runId) => ({
        id: `step_${rnd()}`,
        runId,
        nodeId: "trigger",
        nodeType: "webhook",
        attempt: 0,
        status: "succeeded",
      })),
    });

    await setRetentionDays(f.ws, 2);
    // Make the ingested delivery and run 3 days old too (ids carry their time).
    const oldId = (prefix: string) => idAtTime(prefix, Date.now() - 3 * DAY);
    const moved = { run: oldId("run"), dlv: oldId("dlv") };
    const dlv = await db.delivery.findFirstOrThrow({
      where: { flowId: f.flow.id, id: (await db.run.findUniqueOrThrow({ where: { id: firstRun.id } })).deliveryId! },
    });
    await db.run.delete({ where: { id: firstRun.id } });
    await db.delivery.update({ where: { id: dlv.id }, data: { id: moved.dlv } });

    const res = await sweepWorkspace(f.ws, { batchSize: 10, pauseMs: 0 });
    expect(res.runs).toBeGreaterThanOrEqual(23);
    expect(res.batches).toBeGreaterThanOrEqual(3);
    const left = await db.run.findMany({ where: { flowId: f.flow.id }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([...recent, replay.runId].sort());
    expect(await db.stepRun.count({ where: { runId: { in: old } } })).toBe(0);
    expect(await db.runSearchToken.count({ where: { runId: { in: old } } })).toBe(0);
    // The replayed old delivery stays with its replay; the other old deliveries are gone.
    const oldDeliveries = await db.delivery.count({
      where: { flowId: f.flow.id, id: { lt: idAtTime("dlv", Date.now() - 2 * DAY) } },
    });
    expect(oldDeliveries).toBe(1);
    expect(await db.delivery.findUnique({ where: { id: moved.dlv } })).toBeNull();

    // Its dedupe key is still there (window 7 days) and still blocks a repeat.
    expect(await sweepExpiredDedupeKeys()).toBeGreaterThanOrEqual(0);
    expect(await db.dedupeKey.count({ where: { flowId: f.flow.id, key: "evt_keep_key" } })).toBe(1);
    const again = await post(`/api/hooks/${token}`, JSON.stringify({ id: "evt_keep_key", n: 2 }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    // And an expired key goes.
    await db.dedupeKey.create({
      data: { flowId: f.flow.id, key: "expired", deliveryId: "dlv_x", expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await sweepExpiredDedupeKeys()).toBeGreaterThanOrEqual(1);
    expect(await db.dedupeKey.count({ where: { flowId: f.flow.id, key: "expired" } })).toBe(0);
  });
});
