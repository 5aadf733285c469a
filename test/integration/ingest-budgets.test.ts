// Issue 20, "disk flood": what an outsider can make Hookline store. Rejected deliveries count
// against a per-address and a per-flow budget kept in the database; past either the answer is
// 429 with Retry-After and only a counter is kept; a stored rejected body is cut to 4 KB (the log
// says so); accepted deliveries are neither counted nor refused. Budgets here: 5 per address, 8
// per flow, in a one-day window (so no test straddles a window); each test sends from addresses of
// its own (X-Forwarded-For, trusted here) to a flow of its own.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb, sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { POST as hookRoute } from "@/app/api/hooks/[...path]/route";
import { PEER_ADDRESS_HEADER } from "@/lib/net/client-address";
import { getDelivery } from "@/lib/webhooks/get-delivery";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { REJECTED_BODY_BYTES, sweepRejectCounters } from "@/lib/webhooks/reject-budget";
import { startEngine } from "../support/engine-harness";
import {
  deliveriesOfFlow,
  expectStored,
  newSecret,
  postConcurrently,
  send,
  stripeHeaders,
  webhookFlow,
  type Answer,
} from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";

const saved = { ...process.env };
Object.assign(process.env, {
  HOOKLINE_REJECTED_PER_ADDRESS: "5",
  HOOKLINE_REJECTED_PER_FLOW: "8",
  HOOKLINE_REJECTED_WINDOW_S: "86400",
  HOOKLINE_TRUST_PROXY: "1",
});

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
  expect(env().HOOKLINE_REJECTED_PER_ADDRESS).toBe(5);
});
afterAll(async () => {
  await engine?.stop();
  process.env = saved;
});

const SECRET = "whsec_budgets";
const stripeFlow = async () =>
  webhookFlow({ verification: { preset: "stripe", toleranceSeconds: 300 }, secretId: await newSecret(SECRET) });
const octet = () => Math.floor(Math.random() * 250) + 1;
/**
 * A fresh client address as the operator's proxy forwards it: the proxy appends the address it saw
 * (the last hop counts) to whatever the client sent (here a value of its choosing).
 */
const newAddress = () => `198.51.100.${octet()}, 203.0.${octet()}.${octet()}`;
const lastHop = (forwarded: string) => forwarded.split(",").at(-1)!.trim();
const forged = (address: string) => ({
  "content-type": "application/json",
  "stripe-signature": "t=1,v1=00",
  "x-forwarded-for": address,
});
const counter = async (scope: string) => (await getDb()).rejectCounter.findMany({ where: { scope } });

function expectBudget429(a: Answer) {
  expect(a.status, a.text).toBe(429);
  expect(a.json.error).toMatchObject({ code: "rate_limited" });
  expect(a.id, "nothing stored, no id").toBeUndefined();
  expect(Number(a.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(a.headers.get("x-content-type-options")).toBe("nosniff");
}

describe(`rejection budgets (${inject("database")})`, () => {
  it("per address: past 5 rejections the answer is 429 + Retry-After and nothing is stored but the counter; the address's accepted deliveries still pass", async () => {
    const { ws, flowId, live } = await stripeFlow();
    const address = newAddress();
    const body = "x".repeat(10_000);
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await send(engine, live, body, forged(address)));
    for (const a of answers.slice(0, 5)) await expectStored(a, 401, "bad_signature");
    for (const a of answers.slice(5)) expectBudget429(a);
    expect(await deliveriesOfFlow(flowId)).toHaveLength(5);
    const ip = lastHop(address);
    expect((await counter(`address:${ip}`)).map((c) => c.count)).toEqual([8]);
    expect((await counter(`flow:${flowId}`)).map((c) => ({ count: c.count, dropped: c.dropped }))).toEqual([
      { count: 5, dropped: 3 },
    ]);
    expect((await listDeliveries(ws, flowId, { limit: 25 })).rejectedNotStored.count).toBe(3);

    const payload = JSON.stringify(stripeLikeEvent(1));
    await expectStored(
      await send(engine, live, payload, { ...stripeHeaders(payload, SECRET), "x-forwarded-for": address }),
      202,
      "accepted",
    );
    expect((await deliveriesOfFlow(flowId)).at(-1)?.sourceIp).toBe(ip);
  });

  it("a stored rejected body is cut to its first 4 KB, and the request log says so", async () => {
    const { ws, live } = await stripeFlow();
    const a = await send(engine, live, "y".repeat(10_000), forged(newAddress()));
    const row = await expectStored(a, 401, "bad_signature");
    expect(row.body.length).toBe(REJECTED_BODY_BYTES);
    expect(row.size).toBe(10_000);
    expect(row.reason).toMatch(/body stored cut to its first 4096 of 10000 bytes/);
    expect(await getDelivery(ws, a.id!)).toMatchObject({ size: 10_000, truncated: true });
  });

  it("per flow: from many addresses, past 8 rejections the answer is 429 and nothing is stored", async () => {
    const { ws, flowId, live } = await stripeFlow();
    const answers: Answer[] = [];
    for (let i = 0; i < 11; i++) answers.push(await send(engine, live, "{}", forged(`192.0.2.${i + 1}`)));
    for (const a of answers.slice(0, 8)) await expectStored(a, 401, "bad_signature");
    for (const a of answers.slice(8)) expectBudget429(a);
    expect(await deliveriesOfFlow(flowId)).toHaveLength(8);
    expect((await counter(`flow:${flowId}`)).map((c) => ({ count: c.count, dropped: c.dropped }))).toEqual([
      { count: 11, dropped: 3 },
    ]);
    expect((await listDeliveries(ws, flowId, { limit: 25 })).rejectedNotStored.count).toBe(3);
  });

  it("test-URL samples count too (the test URL has no token bucket): past 5 from an address, 429 and not stored; a stored sample is kept whole", async () => {
    const { flowId, test } = await stripeFlow();
    const address = newAddress();
    const payload = JSON.stringify({ ...stripeLikeEvent(7), padding: "p".repeat(10_000) });
    const answers: Answer[] = [];
    for (let i = 0; i < 7; i++)
      answers.push(
        await send(engine, test, payload, { ...stripeHeaders(payload, SECRET), "x-forwarded-for": address }),
      );
    for (const a of answers.slice(0, 5))
      expect(Buffer.from((await expectStored(a, 200, "sample")).body).toString()).toBe(payload);
    for (const a of answers.slice(5)) expectBudget429(a);
    expect(await deliveriesOfFlow(flowId)).toHaveLength(5);
  });

  it("60 concurrent 1 MB POSTs with a bad signature: 5 stored (4 KB each), 55 answered 429; the database grows by far less than 10 MB", async () => {
    const { flowId, live } = await stripeFlow();
    const before = await databaseBytes();
    const mb = "z".repeat(1024 * 1024);
    const address = newAddress();
    const answers = await postConcurrently(
      engine,
      live,
      Array.from({ length: 60 }, () => ({ body: mb, headers: forged(address) })),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(55);
    const rows = await deliveriesOfFlow(flowId);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r.body.length).toBe(REJECTED_BODY_BYTES);
    expect((await databaseBytes()) - before).toBeLessThan(10 * 1024 * 1024);
  });

  it("counts the LAST X-Forwarded-For hop (the address the trusted proxy saw), not what the client put before it", async () => {
    const { flowId, live } = await stripeFlow();
    const real = `203.0.${octet()}.${octet()}`;
    const answers: Answer[] = [];
    // Each request claims another address in front; the proxy appended the same real one.
    for (let i = 0; i < 7; i++)
      answers.push(await send(engine, live, "{}", forged(`10.9.${octet()}.${i + 1}, ${real}`)));
    for (const a of answers.slice(0, 5)) await expectStored(a, 401, "bad_signature");
    for (const a of answers.slice(5)) expectBudget429(a);
    expect((await deliveriesOfFlow(flowId)).map((d) => d.sourceIp)).toEqual(Array(5).fill(real));
  });

  it("the Next route (next dev, no custom server) counts by the peer address the public listener sets, without HOOKLINE_TRUST_PROXY", async () => {
    const settings = env();
    const before = settings.HOOKLINE_TRUST_PROXY;
    settings.HOOKLINE_TRUST_PROXY = "0";
    try {
      const { flowId, liveToken } = await stripeFlow();
      const peer = `203.0.${octet()}.${octet()}`;
      const post = async () => {
        const req = new Request(`http://localhost/api/hooks/${liveToken}`, {
          method: "POST",
          body: "{}",
          headers: { ...forged(`198.51.100.${octet()}`), [PEER_ADDRESS_HEADER]: peer },
        });
        const res = await hookRoute(req, { params: Promise.resolve({ path: [liveToken] }) });
        return { status: res.status, id: ((await res.json()) as { id?: string }).id };
      };
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await post());
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const rows = await deliveriesOfFlow(flowId);
      expect(rows.map((d) => d.sourceIp)).toEqual(Array(5).fill(peer));
      // The header the listener set is not one the sender sent: not in the stored headers.
      expect(JSON.parse(rows[0]!.headers)).not.toHaveProperty(PEER_ADDRESS_HEADER);
      expect((await counter(`address:${peer}`)).map((c) => c.count)).toEqual([7]);
    } finally {
      settings.HOOKLINE_TRUST_PROXY = before;
    }
  });

  it("a flood of bad requests to the live URL does not make the editor's test samples answer 429 (their own budget)", async () => {
    const { flowId, live, test } = await stripeFlow();
    for (let i = 0; i < 10; i++) await send(engine, live, "{}", forged(`192.0.2.${i + 101}`));
    expect((await counter(`flow:${flowId}`)).map((c) => c.dropped)).toEqual([2]);
    const payload = JSON.stringify(stripeLikeEvent(9));
    await expectStored(
      await send(engine, test, payload, { ...stripeHeaders(payload, SECRET), "x-forwarded-for": newAddress() }),
      200,
      "sample",
    );
    expect((await counter(`sample:${flowId}`)).map((c) => ({ count: c.count, dropped: c.dropped }))).toEqual([
      { count: 1, dropped: 0 },
    ]);
  });

  it("old counter rows are deleted by the retention sweep", async () => {
    const db = await getDb();
    const scope = `address:test-${randomUUID()}`;
    await db.rejectCounter.create({ data: { scope, windowStart: new Date(Date.now() - 3 * 86_400_000), count: 1 } });
    await sweepRejectCounters();
    expect(await counter(scope)).toEqual([]);
  });
});

describe(`what a flow without verification stores (${inject("database")})`, () => {
  const padding = "q".repeat(10_000);
  const big = (id: string, type = "order.created") => JSON.stringify({ id, type, padding });
  const cutTo4Kb = async (a: Answer, status: number, verdict: string, size: number) => {
    const row = await expectStored(a, status, verdict);
    expect(row.body.length, verdict).toBe(REJECTED_BODY_BYTES);
    expect(row.size).toBe(size);
    expect(row.reason).toContain(`(body stored cut to its first 4096 of ${size} bytes)`);
    return row;
  };

  it("filtered, duplicate and rate_limited deliveries keep only the first 4 KB of their body (the log says so); accepted ones are whole", async () => {
    const { ws, live } = await webhookFlow({
      dedupe: { by: "json", path: "id" },
      eventTypes: ["order.created"],
      rateLimit: { perSecond: 0.1, burst: 2 },
    });
    const original = big(`o-${randomUUID()}`);
    const accepted = await expectStored(await send(engine, live, original), 202, "accepted");
    expect(Buffer.from(accepted.body).toString()).toBe(original);
    // The same id again: a duplicate (its original is stored whole).
    const dup = await cutTo4Kb(await send(engine, live, original), 200, "duplicate", original.length);
    expect(Buffer.from(dup.body).toString()).toBe(original.slice(0, REJECTED_BODY_BYTES));
    expect(await getDelivery(ws, dup.id)).toMatchObject({ truncated: true });
    // Another event type: filtered, never touching the token bucket.
    const other = big(`f-${randomUUID()}`, "order.deleted");
    await cutTo4Kb(await send(engine, live, other), 200, "filtered", other.length);
    // Past the bucket (burst 2: the original and this one): rate_limited, stored cut; its sender retries.
    await expectStored(await send(engine, live, big(`a-${randomUUID()}`)), 202, "accepted");
    const limited = big(`r-${randomUUID()}`);
    const row = await cutTo4Kb(await send(engine, live, limited), 429, "rate_limited", limited.length);
    expect(row.reason).toMatch(/^More than 0.1\/s/);
  });

  it("copies of one id in the same batch: the first stored whole, the others cut to 4 KB", async () => {
    const { flowId, live } = await webhookFlow({ dedupe: { by: "json", path: "id" } });
    const body = big(`c-${randomUUID()}`);
    const answers = await postConcurrently(
      engine,
      live,
      Array.from({ length: 6 }, () => ({ body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 202]);
    const rows = await deliveriesOfFlow(flowId);
    expect(rows.filter((r) => r.verdict === "accepted").map((r) => r.body.length)).toEqual([body.length]);
    expect(rows.filter((r) => r.verdict === "duplicate").map((r) => r.body.length)).toEqual(
      Array(5).fill(REJECTED_BODY_BYTES),
    );
  });
});

/** The database's size on disk: the SQLite file and its WAL, or PostgreSQL's database size. */
async function databaseBytes(): Promise<number> {
  if (usingPostgres()) {
    const [row] = await (
      await getDb()
    ).$queryRaw<{ size: bigint }[]>`SELECT pg_database_size(current_database()) AS size`;
    return Number(row!.size);
  }
  const file = sqliteFile(env().DATABASE_URL);
  return [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}
