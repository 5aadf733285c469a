// Issue 21: several `npm start` instances on one PostgreSQL database (same HOOKLINE_SECRET_KEY,
// their own ports and data dirs). Deliveries alternate between them; a sender retries a delivery
// that was not acknowledged (connection refused or reset, 5xx) at the other instance, as a sender
// behind a load balancer would. A sink on 127.0.0.1 counts the flow's side effects by idempotency
// key. No browser: the real apps over HTTP and their database.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import Stripe from "stripe";
import { expect, test } from "./fixtures";
import { createTestDatabase, type TestDatabase } from "../support/migrate";
import { stripeLikeEvent } from "../support/payloads";
import { startApp, type App } from "./app";

const SECRET = "whsec_multi_instance_test_secret_012345";
const stripe = new Stripe("sk_test_multi_instance");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Side effects by idempotency key; `delayMs` holds each answer (steps in flight at a shutdown). */
async function startSink(delayMs = 0) {
  const byKey = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    byKey,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Cluster = {
  db: TestDatabase;
  apps: [App, App];
  sink: Awaited<ReturnType<typeof startSink>>;
  hookPath: string;
  flowId: string;
  sql: pg.Client;
};

/** Two instances on a fresh PostgreSQL database, a published Stripe flow whose HTTP node posts to the sink. */
async function startCluster(
  label: string,
  sinkDelayMs: number,
  extraEnv: Record<string, string> = {},
): Promise<Cluster> {
  const db = await createTestDatabase("postgres", label);
  const env = {
    HOOKLINE_SECRET_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64"),
    ...extraEnv,
  };
  const a = await startApp({ databaseUrl: db.url, env });
  const b = await startApp({ databaseUrl: db.url, env, owner: false });
  const sink = await startSink(sinkDelayMs);
  const secret = await a.api<{ id: string }>("/api/credentials", {
    method: "POST",
    body: JSON.stringify({ name: "Stripe signing secret", type: "webhook-secret", value: SECRET }),
  });
  const flow = await a.api<{ id: string }>("/api/flows", {
    method: "POST",
    body: JSON.stringify({
      name: `Multi-instance ${label}`,
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
          {
            id: "sink",
            type: "http",
            position: { x: 300, y: 0 },
            data: {
              label: "sink",
              config: { method: "POST", url: `${sink.url}/effect`, body: '{"event":"{{ trigger.body.id }}"}' },
            },
          },
        ],
        edges: [{ id: "e1", source: "trigger", target: "sink" }],
      },
    }),
  });
  const { webhookUrl } = await a.api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, { method: "POST" });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  return { db, apps: [a, b], sink, hookPath: new URL(webhookUrl).pathname, flowId: flow.id, sql };
}

async function stopCluster(c: Cluster | undefined) {
  if (!c) return;
  await c.sql.end().catch(() => undefined);
  for (const app of c.apps) await app.stop().catch(() => undefined);
  await c.sink.close();
  await c.db.drop();
}

/** One delivery, first to `prefer`, then to the other instance until one acknowledges it; counts what failed. */
async function deliver(
  c: Cluster,
  event: { id: string },
  prefer: number,
  failures: { refused: number; status5xx: number },
): Promise<boolean> {
  const payload = JSON.stringify(event);
  for (let attempt = 0; attempt < 400; attempt++) {
    const app = c.apps[(prefer + attempt) % 2]!;
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    try {
      const res = await fetch(`${app.url}${c.hookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": header },
        body: payload,
      });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return true;
      if (res.status >= 500) failures.status5xx++;
    } catch {
      failures.refused++;
    }
    await sleep(50);
  }
  return false;
}

async function holdsLease(app: App): Promise<boolean> {
  try {
    const health = (await (await fetch(`${app.url}/api/health`)).json()) as { engine: { holdsLease: boolean | null } };
    return health.engine.holdsLease === true;
  } catch {
    return false;
  }
}

/** Waits until every stored delivery's run succeeded; checks each acknowledged one ran exactly once. */
async function checkRuns(c: Cluster, acked: Set<string>) {
  const count = async (q: string) => Number((await c.sql.query<{ n: string }>(q, [c.flowId])).rows[0]!.n);
  const accepted = () => count(`SELECT count(*) AS n FROM "Delivery" WHERE "flowId" = $1 AND "verdict" = 'accepted'`);
  await expect
    .poll(
      async () =>
        (await count(`SELECT count(*) AS n FROM "Run" WHERE "flowId" = $1 AND "status" = 'succeeded'`)) -
        (await accepted()),
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe(0);
  const perEvent = await c.sql.query<{ id: string; runs: string; succeeded: string }>(
    `SELECT d."identity" AS id, count(r."id") AS runs, count(*) FILTER (WHERE r."status" = 'succeeded') AS succeeded FROM "Delivery" d LEFT JOIN "Run" r ON r."deliveryId" = d."id" WHERE d."flowId" = $1 AND d."verdict" = 'accepted' GROUP BY d."identity"`,
    [c.flowId],
  );
  const byId = new Map(perEvent.rows.map((r) => [r.id, r]));
  expect(
    [...acked].filter((id) => !byId.has(id)),
    "acknowledged but not stored",
  ).toEqual([]);
  expect(
    perEvent.rows.filter((r) => Number(r.runs) !== 1 || Number(r.succeeded) !== 1),
    "not exactly one succeeded run",
  ).toEqual([]);
  expect(await count(`SELECT count(*) AS n FROM "Run" WHERE "flowId" = $1 AND "status" <> 'succeeded'`)).toBe(0);
  // Each run's side effect was applied: one idempotency key per run (a step re-run after a kill
  // sends the same key again, which the target applies once).
  const runs = perEvent.rows.length;
  expect(c.sink.byKey.size).toBe(runs);
  const sent = [...c.sink.byKey.values()].reduce((a, b) => a + b, 0);
  return { runs, sideEffects: c.sink.byKey.size, resent: sent - c.sink.byKey.size };
}

test.describe.configure({ mode: "serial" });

let cluster: Cluster | undefined;
test.afterEach(async () => {
  await stopCluster(cluster);
  cluster = undefined;
});

test("two instances on one PostgreSQL: kill -9 of the lease holder twice mid-burst of 3,000 deliveries loses nothing and runs each once", async () => {
  test.setTimeout(240_000);
  const c = (cluster = await startCluster("e2e_kill", 0));
  const TOTAL = 3000;
  const KILL_AT = [600, 1500];
  const events = Array.from({ length: TOTAL }, (_, i) =>
    stripeLikeEvent(100 + i, `evt_multi_${i.toString().padStart(5, "0")}`),
  );
  const acked = new Set<string>();
  const failures = { refused: 0, status5xx: 0 };
  const takeovers: number[] = [];
  let kills = 0;
  let killing: Promise<void> | null = null;

  /** kill -9 of the holder's process group, the other takes over (timed), the killed one restarts. */
  async function killHolder() {
    const states = await Promise.all(c.apps.map(holdsLease));
    const i = states.indexOf(true);
    expect(i, "one instance holds the lease").toBeGreaterThanOrEqual(0);
    const [holder, other] = [c.apps[i]!, c.apps[1 - i]!];
    const killedAt = Date.now();
    await holder.crash();
    kills++;
    while (!(await holdsLease(other))) {
      if (Date.now() - killedAt > 30_000) throw new Error("no takeover within 30 s");
      await sleep(100);
    }
    takeovers.push(Date.now() - killedAt);
    console.log(`kill ${kills}: the other instance took the lease over ${takeovers.at(-1)} ms after the kill`);
    await holder.restart();
  }

  let killFailed: unknown;
  const maybeKill = () => {
    if (!killing && !killFailed && kills < KILL_AT.length && acked.size >= KILL_AT[kills]!) {
      killing = killHolder()
        .catch((e: unknown) => void (killFailed = e))
        .finally(() => (killing = null));
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const n = next++;
      // The last deliveries wait for both kills (and the restarts), so both happen mid-burst.
      while (n >= 2400 && (kills < 2 || killing) && !killFailed) {
        maybeKill();
        await sleep(100);
      }
      if (await deliver(c, events[n]!, n % 2, failures)) acked.add(events[n]!.id);
      maybeKill();
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  await killing;
  if (killFailed) throw killFailed;
  expect(kills).toBe(2);
  expect(acked.size).toBe(TOTAL);

  const result = await checkRuns(c, acked);
  console.log(
    `${TOTAL} deliveries acknowledged (${failures.refused} attempts refused or reset, ${failures.status5xx} answered 5xx, each retried at the other instance); ` +
      `${result.runs} runs, each succeeded exactly once; ${result.sideEffects} side effects by idempotency key (${result.resent} re-sent after a kill); ` +
      `takeover after kill -9: ${takeovers.map((t) => `${(t / 1000).toFixed(1)} s`).join(", ")}`,
  );
  for (const t of takeovers) expect(t).toBeLessThan(11_000);
});

test("rolling restart of two instances under a steady stream: every acknowledged delivery runs once, nothing fails, SIGTERM exits 0 within the grace period", async () => {
  test.setTimeout(240_000);
  const GRACE_S = 15;
  // Each side effect takes 300 ms, so steps are in flight when an instance is told to stop.
  const c = (cluster = await startCluster("e2e_rolling", 300, { HOOKLINE_SHUTDOWN_GRACE_SECONDS: String(GRACE_S) }));
  const acked = new Set<string>();
  const failures = { refused: 0, status5xx: 0 };
  let stop = false;
  let sent = 0;
  const stream = async (w: number) => {
    while (!stop) {
      const n = sent++;
      const event = stripeLikeEvent(1000 + n, `evt_roll_${w}_${n.toString().padStart(5, "0")}`);
      if (await deliver(c, event, n % 2, failures)) acked.add(event.id);
      await sleep(50);
    }
  };
  const senders = Promise.all(Array.from({ length: 8 }, (_, w) => stream(w)));

  const exits: { code: number | null; ms: number }[] = [];
  for (const app of c.apps) {
    await sleep(3000);
    const t0 = Date.now();
    const code = await app.terminate();
    exits.push({ code, ms: Date.now() - t0 });
    console.log(`SIGTERM: exit ${code} after ${Date.now() - t0} ms (${acked.size} deliveries acknowledged so far)`);
    await app.restart();
  }
  await sleep(3000);
  stop = true;
  await senders;

  for (const e of exits) {
    expect(e.code).toBe(0);
    expect(e.ms).toBeLessThan(GRACE_S * 1000);
  }
  expect(failures.status5xx, "no delivery answered 5xx").toBe(0);
  const result = await checkRuns(c, acked);
  console.log(
    `rolling restart: ${acked.size} deliveries acknowledged (${failures.refused} attempts refused while an instance restarted, retried at the other); ` +
      `${result.runs} runs, each succeeded exactly once, none failed; exits ${exits.map((e) => `${e.code} in ${(e.ms / 1000).toFixed(1)} s`).join(", ")}`,
  );
});
