// The group commit's writers (pg-batch.ts, sqlite-batch.ts) decide each batch the same way:
// ids already held are duplicates and take no token; each flow's bucket grants tokens in arrival
// order, several flows in one batch, a flow's first batch starting from a full bucket; batches
// committed at the same time (two app instances) never grant more than the bucket holds.
import { afterAll, describe, expect, it } from "vitest";
import { getDb, sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import type { Committed, Pending } from "@/lib/webhooks/batch-types";
import { closeIngestPg, writeBatchPg } from "@/lib/webhooks/pg-batch";
import { writeBatchSqlite } from "@/lib/webhooks/sqlite-batch";
import { writerFlow } from "../support/ingest-helpers";

const write = (items: Pending[], now: Date): Promise<Committed[]> =>
  usingPostgres()
    ? writeBatchPg(env().DATABASE_URL, items, now)
    : writeBatchSqlite(sqliteFile(env().DATABASE_URL), items, now);

afterAll(async () => {
  await closeIngestPg();
});

type Rate = { perSecond: number; burst: number };

/** A flow whose deliveries carry `rate` (the trigger's setting when each arrived). */
async function flow(rate: Rate) {
  const f = await writerFlow();
  return { flowId: f.flowId, item: (key: string) => f.item(key, rate) };
}

const verdicts = (r: Committed[]) => r.map((c) => c.verdict);

describe("the ingest writer's dedupe and token bucket", () => {
  it("grants each flow's tokens in arrival order, several flows in one batch, a new bucket full", async () => {
    const a = await flow({ perSecond: 0.001, burst: 3 });
    const b = await flow({ perSecond: 0.001, burst: 2 });
    expect(verdicts(await write([a.item("a0")], new Date()))).toEqual(["accepted"]); // a: 2 tokens left
    // b has no bucket yet: it starts full, and a's tokens are taken once, not again with b's.
    const items = [a.item("a1"), b.item("b1"), a.item("a2"), a.item("a3"), b.item("b2"), a.item("a4"), b.item("b3")];
    const results = await write(items, new Date());
    expect(verdicts(results)).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "rate_limited",
      "accepted",
      "rate_limited",
      "rate_limited",
    ]);
    // Less than one token left, refilled at 0.001/s: the next one in ~1,000 s.
    for (const r of results.filter((x) => x.verdict === "rate_limited"))
      expect(r.retryAfterS).toBeGreaterThanOrEqual(999);
    expect(results.filter((x) => x.verdict === "accepted").every((x) => typeof x.runId === "string")).toBe(true);
    const db = await getDb();
    const stored = new Map(
      (await db.delivery.findMany({ where: { flowId: { in: [a.flowId, b.flowId] } } })).map((d) => [d.id, d.verdict]),
    );
    expect((await db.rateBucket.findUniqueOrThrow({ where: { flowId: a.flowId } })).tokens).toBeLessThan(0.01);
    expect(items.map((i) => stored.get(i.row.id))).toEqual(verdicts(results));
  });

  it("a duplicate of a held id takes no token, and a 429 leaves its id free", async () => {
    const a = await flow({ perSecond: 0.001, burst: 3 });
    const first = await write([a.item("k1")], new Date());
    expect(verdicts(first)).toEqual(["accepted"]);
    // k1 is held: a duplicate, costing nothing; k2 and k3 take the two tokens left; k4 gets 429.
    const second = await write([a.item("k1"), a.item("k2"), a.item("k3"), a.item("k4")], new Date());
    expect(verdicts(second)).toEqual(["duplicate", "accepted", "accepted", "rate_limited"]);
    const db = await getDb();
    const original = await db.delivery.findFirstOrThrow({
      where: { flowId: a.flowId, identity: "k1", verdict: "accepted" },
    });
    expect(second[0]!.duplicateOf).toBe(original.id);
    const bucket = await db.rateBucket.findUniqueOrThrow({ where: { flowId: a.flowId } });
    expect(bucket.tokens).toBeLessThan(0.01);
    // k4's id was not claimed: once a token is back (1,000 s later at 0.001/s), its retry is accepted.
    const retry = await write([a.item("k4")], new Date(Date.now() + 1_001_000));
    expect(verdicts(retry)).toEqual(["accepted"]);
  });

  it("batches committed at the same time share the bucket: never more than its tokens", async () => {
    const a = await flow({ perSecond: 0.001, burst: 10 });
    await write([a.item("warm")], new Date()); // the bucket exists, 9 tokens left
    const now = new Date();
    const batches = await Promise.all(
      Array.from({ length: 4 }, (_, k) =>
        write(
          Array.from({ length: 5 }, (_, i) => a.item(`c${k}-${i}`)),
          now,
        ),
      ),
    );
    const all = batches.flat();
    expect(all.filter((c) => c.verdict === "accepted")).toHaveLength(9);
    expect(all.filter((c) => c.verdict === "rate_limited")).toHaveLength(11);
    const db = await getDb();
    expect(await db.run.count({ where: { flowId: a.flowId } })).toBe(10);
  });
});

describe("run requests: a live delivery's run is created by the dispatcher, exactly once", () => {
  it("the writer stores a request (no run) for an accepted delivery, none for its duplicate", async () => {
    const f = await writerFlow();
    const asRequest = (p: Pending): Pending => ({ ...p, run: { ...p.run!, held: false, request: true } });
    const results = await write([asRequest(f.item("r1")), asRequest(f.item("r1"))], new Date());
    expect(results.map((r) => [r.verdict, r.requested ?? false, r.runId ?? null])).toEqual([
      ["accepted", true, null],
      ["duplicate", false, null],
    ]);
    const db = await getDb();
    expect(await db.run.count({ where: { flowId: f.flowId } })).toBe(0);
    expect((await db.runRequest.findMany({ where: { flowId: f.flowId } })).map((r) => r.deliveryId)).toEqual([
      (await db.delivery.findFirstOrThrow({ where: { flowId: f.flowId, verdict: "accepted" } })).id,
    ]);
  });

  it("two dispatchers at once turn each request into one queued run, oldest first", async () => {
    const { createRequestedRuns } = await import("@/lib/runs/dispatcher");
    const f = await writerFlow();
    const asRequest = (p: Pending): Pending => ({ ...p, run: { ...p.run!, held: false, request: true } });
    for (let i = 0; i < 10; i++) await write([asRequest(f.item(`q${i}`))], new Date());
    const db = await getDb();
    const order = (await db.runRequest.findMany({ where: { flowId: f.flowId }, orderBy: { deliveryId: "asc" } })).map(
      (r) => r.deliveryId,
    );
    expect(order).toHaveLength(10);
    // Other test files' requests may be taken too: only this flow's are counted.
    const made = (await Promise.all([createRequestedRuns(1000), createRequestedRuns(1000)]))
      .flat()
      .filter((r) => r.flowId === f.flowId);
    // Each request once, across both.
    expect(made.map((r) => r.deliveryId).sort()).toEqual([...order].sort());
    const runs = await db.run.findMany({ where: { flowId: f.flowId }, orderBy: { id: "asc" } });
    expect(runs).toHaveLength(10);
    expect(runs.every((r) => r.status === "queued" && r.dispatchedAt === null)).toBe(true);
    // Run ids follow the deliveries' order.
    expect(runs.map((r) => r.deliveryId)).toEqual(order);
    expect(await db.runRequest.count({ where: { flowId: f.flowId } })).toBe(0);
    await db.run.deleteMany({ where: { flowId: f.flowId } });
  });

  it("retention keeps a delivery whose run is still a request, and removes one without a run", async () => {
    const { getRetentionDays, sweepWorkspace } = await import("@/lib/retention/retention");
    const f = await writerFlow();
    const DAY = 86_400_000;
    // Two deliveries from long ago (ids carry their time); the sweep's cutoff falls just after them.
    const at = Date.now() - 10_000 * DAY;
    const oldId = () =>
      `dlv_${at.toString(36).padStart(9, "0")}${Math.random().toString(36).slice(2, 14).padEnd(12, "0")}`;
    const withRequest = { ...f.item("old-1"), run: { ...f.item("x").run!, held: false, request: true } };
    withRequest.row.id = oldId();
    const without = f.item("old-2");
    without.row.id = oldId();
    delete without.run;
    const results = await write([withRequest, without], new Date());
    expect(results.map((r) => r.requested ?? false)).toEqual([true, false]);
    const ws = withRequest.row.workspaceId;
    await sweepWorkspace(ws, { now: at + DAY + (await getRetentionDays(ws)) * DAY, pauseMs: 0 });
    const db = await getDb();
    expect(await db.delivery.findUnique({ where: { id: withRequest.row.id } })).not.toBeNull();
    expect(await db.runRequest.count({ where: { deliveryId: withRequest.row.id } })).toBe(1);
    expect(await db.delivery.findUnique({ where: { id: without.row.id } })).toBeNull();
    await db.delivery.delete({ where: { id: withRequest.row.id } });
  });
});
