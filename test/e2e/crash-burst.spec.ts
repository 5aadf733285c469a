// "Nothing lost after a 2xx": the app is killed (SIGKILL) in the middle of a burst of 5,000
// Stripe-signed deliveries, then restarted. Every delivery that was acknowledged is stored and its
// run completes exactly once; the sender's retries of acknowledged deliveries are answered as
// duplicates and start nothing. No browser: this drives the real app over HTTP and reads its
// database.
import { createClient } from "@libsql/client";
import Stripe from "stripe";
import { expect, test } from "./fixtures";
import { stripeLikeEvent } from "../support/payloads";
import { startApp, type App } from "./app";

const TOTAL = 5000;
const CONCURRENCY = 50;
const KILL_AFTER_ACKS = 1000;
const SECRET = "whsec_crash_burst_test_secret_0123456789";
const stripe = new Stripe("sk_test_crash_burst");

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function signed(event: { id: string }) {
  const payload = JSON.stringify(event);
  return { payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) };
}

/** Sends every event with a fixed concurrency; returns the ids answered 2xx. */
async function burst(url: string, events: { id: string }[], onAck?: (n: number) => void): Promise<Set<string>> {
  const acked = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next++]!;
      const { payload, header } = signed(event);
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": header },
          body: payload,
        });
        await res.arrayBuffer();
        if (res.status >= 200 && res.status < 300) {
          acked.add(event.id);
          onAck?.(acked.size);
        }
      } catch {
        // connection refused or reset: not acknowledged, the sender will retry
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return acked;
}

test("kill -9 during a burst of 5,000 signed deliveries loses no acknowledged delivery and runs none twice", async () => {
  test.setTimeout(300_000);
  const secret = await api<{ id: string }>("/api/credentials", {
    name: "Stripe signing secret",
    type: "webhook-secret",
    value: SECRET,
  });
  const flow = await api<{ id: string }>("/api/flows", {
    name: "Stripe burst",
    definition: {
      schemaVersion: 1,
      nodes: [
        {
          id: "trigger",
          type: "webhook",
          position: { x: 0, y: 0 },
          data: {
            config: {
              verification: { preset: "stripe" },
              secretId: secret.id,
              rateLimit: { perSecond: 100_000, burst: 1_000_000 },
            },
          },
        },
      ],
      edges: [],
    },
  });
  const { webhookUrl } = await api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, {});
  const events = Array.from({ length: TOTAL }, (_, i) =>
    stripeLikeEvent(100 + i, `evt_burst_${i.toString().padStart(5, "0")}`),
  );

  let killed: Promise<void> | undefined;
  const firstAcks = await burst(webhookUrl, events, (n) => {
    if (n === KILL_AFTER_ACKS) killed = app.crash();
  });
  await killed;
  expect(firstAcks.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  expect(firstAcks.size).toBeLessThan(TOTAL); // the crash really cut the burst short

  await app.restart();
  const db = createClient({ url: `file:${app.dataDir}/hookline.db` });
  const stored = await db.execute(`SELECT "identity" FROM "Delivery" WHERE "flowId" = ? AND "verdict" = 'accepted'`, [
    flow.id,
  ]);
  const storedIds = new Set(stored.rows.map((r) => String(r.identity)));
  const lost = [...firstAcks].filter((id) => !storedIds.has(id));
  expect(lost, "acknowledged before the crash but not stored").toEqual([]);

  // The sender retries what it had acknowledged (a lost 2xx looks the same to it): duplicates only.
  const retried = await burst(
    webhookUrl,
    events.filter((e) => firstAcks.has(e.id)),
  );
  expect(retried.size).toBe(firstAcks.size);

  // Every stored delivery (acknowledged, or stored just before the crash cut its answer) runs once.
  const accepted = Number(
    (await db.execute(`SELECT count(*) AS n FROM "Delivery" WHERE "flowId" = ? AND "verdict" = 'accepted'`, [flow.id]))
      .rows[0]!.n,
  );
  await expect
    .poll(
      async () =>
        Number(
          (await db.execute(`SELECT count(*) AS n FROM "Run" WHERE "flowId" = ? AND "status" = 'succeeded'`, [flow.id]))
            .rows[0]!.n,
        ),
      { timeout: 240_000, intervals: [1000] },
    )
    .toBe(accepted);
  const perEvent = await db.execute(
    `SELECT d."identity" AS id, count(r."id") AS runs FROM "Delivery" d JOIN "Run" r ON r."deliveryId" = d."id" WHERE d."flowId" = ? GROUP BY d."identity"`,
    [flow.id],
  );
  expect(perEvent.rows).toHaveLength(accepted);
  expect(perEvent.rows.filter((r) => Number(r.runs) !== 1)).toEqual([]);
  const notDone = await db.execute(`SELECT count(*) AS n FROM "Run" WHERE "flowId" = ? AND "status" <> 'succeeded'`, [
    flow.id,
  ]);
  expect(Number(notDone.rows[0]!.n)).toBe(0);
  const duplicates = Number(
    (await db.execute(`SELECT count(*) AS n FROM "Delivery" WHERE "flowId" = ? AND "verdict" = 'duplicate'`, [flow.id]))
      .rows[0]!.n,
  );
  expect(duplicates).toBe(firstAcks.size);
  console.log(
    `acked before the crash: ${firstAcks.size}/${TOTAL}; stored: ${accepted}; each ran exactly once; ${duplicates} retries answered as duplicates`,
  );
  db.close();
});
