// Dedupe on the sender's delivery id: a retried or concurrent copy is stored as "duplicate",
// answered 200 with the original's id, and starts no second run. Per preset (Stripe event id,
// X-GitHub-Delivery, X-Shopify-Webhook-Id, webhook-id), by a custom JSON path or header, or off;
// keys expire after the window, and a delivery refused for flood control does not take its key.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { startEngine } from "../support/engine-harness";
import {
  deliveriesOfFlow,
  expectStored,
  githubHeaders,
  newSecret,
  postConcurrently,
  runsOfFlow,
  send,
  shopifyHeaders,
  sleep,
  standardHeaders,
  standardSecret,
  stripeHeaders,
  webhookFlow,
  type Answer,
} from "../support/ingest-helpers";
import { githubIssueEvent, shopifyOrder, standardEvent, stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const JSON_TYPE = { "content-type": "application/json" };
const stripeSecret = () => `whsec_${randomUUID().replaceAll("-", "")}`;
const verdicts = async (flowId: string) => (await deliveriesOfFlow(flowId)).map((d) => d.verdict).sort();

/** The first answer accepted, every later one a duplicate pointing at it; one run in all. */
async function expectOneRun(flowId: string, first: Answer, copies: Answer[]) {
  await expectStored(first, 202, "accepted");
  for (const c of copies) {
    expect(c.json, c.text).toEqual({ received: true, duplicate: true, id: c.id, originalId: first.id });
    await expectStored(c, 200, "duplicate", /Already received|in flight/);
  }
  expect(await runsOfFlow(flowId)).toHaveLength(1);
}

describe(`dedupe (${inject("database")})`, () => {
  it("the same Stripe event three times: 202, then 200 duplicate ×2, one run", async () => {
    const secret = stripeSecret();
    const { flowId, live } = await webhookFlow({
      verification: { preset: "stripe" },
      secretId: await newSecret(secret),
    });
    const event = JSON.stringify(stripeLikeEvent(700));
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push(await send(engine, live, event, stripeHeaders(event, secret))); // Stripe re-signs each retry
    await expectOneRun(flowId, answers[0]!, answers.slice(1));
    expect(await verdicts(flowId)).toEqual(["accepted", "duplicate", "duplicate"]);
    const key = await (
      await getDb()
    ).dedupeKey.findUniqueOrThrow({ where: { flowId_key: { flowId, key: JSON.parse(event).id } } });
    expect(key.deliveryId).toBe(answers[0]!.id);
    // The default window is 7 days, past Stripe's 3 days of retries.
    expect(Math.abs(key.expiresAt.getTime() - (Date.now() + 7 * 24 * 3_600_000))).toBeLessThan(60_000);
  });

  // From another thread the copies land in one transaction (duplicates within a batch); from the
  // test's own event loop mostly in one each (the key is already held).
  it.each(["another thread", "this event loop"])(
    "10 concurrent copies of one Stripe event from %s: one accepted, one run",
    async (from) => {
      const secret = stripeSecret();
      const { flowId, live } = await webhookFlow({
        verification: { preset: "stripe" },
        secretId: await newSecret(secret),
      });
      const event = JSON.stringify(stripeLikeEvent(701));
      const copies = Array.from({ length: 10 }, () => ({ body: event, headers: stripeHeaders(event, secret) }));
      const answers =
        from === "another thread"
          ? await postConcurrently(engine, live, copies)
          : await Promise.all(copies.map((c) => send(engine, live, c.body, c.headers)));
      const accepted = answers.filter((a) => a.status === 202);
      expect(accepted, answers.map((a) => a.text).join("\n")).toHaveLength(1);
      await expectOneRun(
        flowId,
        accepted[0]!,
        answers.filter((a) => a !== accepted[0]),
      );
      expect(await verdicts(flowId)).toEqual(["accepted", ...Array(9).fill("duplicate")]);
    },
  );

  it.each([
    [
      "GitHub X-GitHub-Delivery",
      async () => {
        const secret = randomUUID();
        const flow = await webhookFlow({ verification: { preset: "github" }, secretId: await newSecret(secret) });
        const id = randomUUID();
        const b = JSON.stringify(githubIssueEvent(1));
        // A manual redelivery from GitHub's settings page carries the same X-GitHub-Delivery.
        return {
          flow,
          first: await send(engine, flow.live, b, await githubHeaders(b, secret, id)),
          copy: await send(engine, flow.live, b, await githubHeaders(b, secret, id)),
          other: await send(engine, flow.live, b, await githubHeaders(b, secret)),
        };
      },
    ],
    [
      "Shopify X-Shopify-Webhook-Id",
      async () => {
        const secret = randomUUID();
        const flow = await webhookFlow({ verification: { preset: "shopify" }, secretId: await newSecret(secret) });
        const id = randomUUID();
        const b = JSON.stringify(shopifyOrder());
        return {
          flow,
          first: await send(engine, flow.live, b, shopifyHeaders(b, secret, id)),
          copy: await send(engine, flow.live, b, shopifyHeaders(b, secret, id)),
          other: await send(engine, flow.live, b, shopifyHeaders(b, secret)),
        };
      },
    ],
    [
      "Standard Webhooks webhook-id",
      async () => {
        const secret = standardSecret();
        const flow = await webhookFlow({
          verification: { preset: "standard-webhooks" },
          secretId: await newSecret(secret),
        });
        const id = `msg_${randomUUID()}`;
        const b = JSON.stringify(standardEvent());
        // A retry carries the same webhook-id with a new timestamp and signature.
        const first = await send(engine, flow.live, b, standardHeaders(b, secret, id));
        const copy = await send(engine, flow.live, b, standardHeaders(b, secret, id, 5));
        return {
          flow,
          first,
          copy,
          other: await send(engine, flow.live, b, standardHeaders(b, secret, `msg_${randomUUID()}`)),
        };
      },
    ],
    [
      "a custom JSON path",
      async () => {
        const flow = await webhookFlow({ dedupe: { by: "json", path: "data.order.id" } });
        const b = (n: number, note: string) => JSON.stringify({ data: { order: { id: n, note } } });
        return {
          flow,
          first: await send(engine, flow.live, b(501, "a")),
          copy: await send(engine, flow.live, b(501, "a retry with other bytes")),
          other: await send(engine, flow.live, b(502, "a")),
        };
      },
    ],
    [
      "a custom header",
      async () => {
        const flow = await webhookFlow({ dedupe: { by: "header", header: "X-Request-Id" } });
        const id = randomUUID();
        const b = () => JSON.stringify(stripeLikeEvent(3)); // distinct bodies: only the header counts
        return {
          flow,
          first: await send(engine, flow.live, b(), { ...JSON_TYPE, "x-request-id": id }),
          copy: await send(engine, flow.live, b(), { ...JSON_TYPE, "X-Request-ID": id }),
          other: await send(engine, flow.live, b(), { ...JSON_TYPE, "x-request-id": randomUUID() }),
        };
      },
    ],
  ])("by %s: a copy is a duplicate, another id is not", async (_, deliver) => {
    const { flow, first, copy, other } = await deliver();
    await expectStored(first, 202, "accepted");
    expect(copy.json).toMatchObject({ duplicate: true, originalId: first.id });
    await expectStored(copy, 200, "duplicate");
    await expectStored(other, 202, "accepted");
    expect(await runsOfFlow(flow.flowId)).toHaveLength(2);
  });

  it("dedupe off: the same event twice starts two runs", async () => {
    const { flowId, live } = await webhookFlow({ dedupe: { by: "off" } });
    const event = JSON.stringify(stripeLikeEvent(9));
    await expectStored(await send(engine, live, event), 202, "accepted");
    await expectStored(await send(engine, live, event), 202, "accepted");
    expect(await runsOfFlow(flowId)).toHaveLength(2);
  });

  it("a key is per flow, and after its window the same id is accepted again", async () => {
    const config = { dedupe: { by: "json" as const, path: "id", windowHours: 1 } };
    const [a, b] = [await webhookFlow(config), await webhookFlow(config)];
    const event = stripeLikeEvent(10);
    const first = await send(engine, a.live, JSON.stringify(event));
    await expectStored(first, 202, "accepted");
    await expectStored(await send(engine, b.live, JSON.stringify(event)), 202, "accepted");
    await expectStored(await send(engine, a.live, JSON.stringify(event)), 200, "duplicate");

    const db = await getDb();
    const where = { flowId_key: { flowId: a.flowId, key: event.id } };
    const key = await db.dedupeKey.findUniqueOrThrow({ where });
    expect(Math.abs(key.expiresAt.getTime() - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    await db.dedupeKey.update({ where, data: { expiresAt: new Date(Date.now() - 1000) } });
    const again = await send(engine, a.live, JSON.stringify(event));
    await expectStored(again, 202, "accepted");
    expect((await db.dedupeKey.findUniqueOrThrow({ where })).deliveryId).toBe(again.id);
    await expectStored(await send(engine, a.live, JSON.stringify(event)), 200, "duplicate");
    expect(await runsOfFlow(a.flowId)).toHaveLength(2);
  });

  it("a rate-limited (429) delivery does not take its dedupe key: its retry is accepted", async () => {
    const { flowId, live } = await webhookFlow({
      dedupe: { by: "json", path: "id" },
      rateLimit: { perSecond: 1, burst: 1 },
    });
    await expectStored(await send(engine, live, JSON.stringify(stripeLikeEvent(1))), 202, "accepted");
    const event = JSON.stringify(stripeLikeEvent(2));
    const limited = await send(engine, live, event);
    await expectStored(limited, 429, "rate_limited");
    expect(
      await (await getDb()).dedupeKey.findUnique({ where: { flowId_key: { flowId, key: JSON.parse(event).id } } }),
    ).toBeNull();

    await sleep(Number(limited.headers.get("retry-after")) * 1000 + 100);
    const retry = await send(engine, live, event);
    await expectStored(retry, 202, "accepted");
    expect(await runsOfFlow(flowId)).toHaveLength(2);
  });
});
