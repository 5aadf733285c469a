// Mailgun signs only `timestamp + token`, not the body: one captured signature object (from the
// request log, any other endpoint of the same Mailgun account, a log) would verify any made-up
// body for as long as its timestamp is fresh. The token is single-use (Mailgun's docs), so it is
// the dedupe key whatever the flow's dedupe setting: its second use is a duplicate and runs nothing.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEngine } from "../support/engine-harness";
import { deliveriesOfFlow, newSecret, runsOfFlow, send, webhookFlow } from "../support/ingest-helpers";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const KEY = "key-mailgun-replay-test";
const JSON_TYPE = { "content-type": "application/json" };

function signature(token: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { timestamp, token, signature: createHmac("sha256", KEY).update(`${timestamp}${token}`).digest("hex") };
}
const event = (id: string, sig: ReturnType<typeof signature>) =>
  JSON.stringify({ signature: sig, "event-data": { id, event: "delivered", timestamp: Date.now() / 1000 } });

describe(`a signature that does not cover the body (${inject("database")})`, () => {
  for (const by of ["preset", "off"] as const) {
    it(`Mailgun: a captured signature with another body is a duplicate, one run (dedupe ${by})`, async () => {
      const { flowId, live } = await webhookFlow({
        verification: { preset: "mailgun" },
        secretId: await newSecret(KEY),
        dedupe: { by, windowHours: 1 },
      });
      const sig = signature(randomUUID());
      const first = await send(engine, live, event("evt-real", sig), JSON_TYPE);
      const forged = await send(engine, live, event("evt-made-up", sig), JSON_TYPE);
      expect(first.status, first.text).toBe(202);
      expect(forged.status, forged.text).toBe(200);
      expect(forged.json).toMatchObject({ duplicate: true, originalId: first.id });
      expect((await deliveriesOfFlow(flowId)).map((d) => d.verdict).sort()).toEqual(["accepted", "duplicate"]);
      expect(await runsOfFlow(flowId)).toHaveLength(1);
      // A fresh token signs a new delivery as usual.
      const next = await send(engine, live, event("evt-next", signature(randomUUID())), JSON_TYPE);
      expect(next.status, next.text).toBe(202);
    });
  }
});
