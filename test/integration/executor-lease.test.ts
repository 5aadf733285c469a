// Issue 21, several instances on one database (embedded mode): exactly one embedded executor drives
// jobs at a time (the ExecutorLease row, lib/executor/lease.ts); a standby takes over when the
// holder's heartbeat stops, at once when it releases the lease; a holder that lost the lease stops
// driving; an instance that does not hold it still takes events (dispatch) for the holder to run.
// The embedded keys are derived from HOOKLINE_SECRET_KEY, the same on every instance, and
// PostgreSQL is refused without that key.
import http from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startApiServer } from "@/lib/executor/api-server";
import { createExecutor, type Executor } from "@/lib/executor/executor";
import {
  acquireLease,
  leaseExecutor,
  LEASE_TTL_MS,
  STANDBY_POLL_MS,
  startLease,
  type Lease,
} from "@/lib/executor/lease";
import { openExecSql, openPostgres, openSqlite, type ExecSql } from "@/lib/sql/exec-sql";
import { freePort } from "../support/ports";
import { TEST_SIGNING_KEY, until } from "../support/executor-harness";

const db = inject("database");
const databaseUrl = process.env.DATABASE_URL!;
const APP = `lease-${db}-${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A connection of its own, like another instance's. */
const connect = (): ExecSql =>
  databaseUrl.startsWith("postgres") ? openPostgres(databaseUrl, 2) : openSqlite(databaseUrl.replace(/^file:/, ""));

let sql: ExecSql;
const clearLease = () => sql.run(`DELETE FROM "ExecutorLease"`);

beforeAll(async () => {
  sql = connect();
  await clearLease();
});
afterAll(async () => {
  await clearLease();
  await sql.close();
});

describe(`the executor lease (${db})`, () => {
  afterEach(clearLease);

  it("has one holder at a time when instances acquire it concurrently", async () => {
    const conns = Array.from({ length: 6 }, connect);
    try {
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(
          conns.map((c, i) => acquireLease(c, `instance-${round}-${i}`, "http://127.0.0.1:1/api/inngest")),
        );
        expect(results.filter((r) => r.held)).toHaveLength(1);
        // The holder renews; the others still lose while it is alive.
        const winner = results.findIndex((r) => r.held);
        const again = await Promise.all(conns.map((c, i) => acquireLease(c, `instance-${round}-${i}`, "x")));
        expect(again.map((r) => r.held)).toEqual(conns.map((_, i) => i === winner));
        await clearLease();
      }
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it("is taken over once the holder's heartbeat stops, within its TTL and a standby poll", async () => {
    // The defaults: a dead holder is replaced within 10 s.
    expect(LEASE_TTL_MS + STANDBY_POLL_MS).toBeLessThanOrEqual(10_000);
    const timing = { ttlMs: 1500, renewMs: 300, standbyPollMs: 100, log: () => undefined };
    const acquired: string[] = [];
    const a = startLease({
      ...timing,
      sql: connect(),
      serveUrl: "a",
      onAcquire: () => void acquired.push("a"),
      onLose: () => undefined,
    });
    await a.ready;
    const b = startLease({
      ...timing,
      sql: connect(),
      serveUrl: "b",
      onAcquire: () => void acquired.push("b"),
      onLose: () => undefined,
    });
    await b.ready;
    expect([a.holding(), b.holding()]).toEqual([true, false]);
    await sleep(1000); // a renews; b stays standby past a's first TTL
    expect(b.holding()).toBe(false);
    // a dies: its heartbeat stops, the row stays.
    const died = Date.now();
    await a.stop(false);
    await until(() => (b.holding() ? true : undefined), 5000, "takeover");
    const takeover = Date.now() - died;
    console.log(`takeover after the heartbeat stopped: ${takeover} ms (TTL 1500 ms)`);
    expect(takeover).toBeLessThan(1500 + 100 + 700);
    expect(acquired).toEqual(["a", "b"]);
    await b.stop();
  });

  it("hands over at once when the holder releases it", async () => {
    const timing = { ttlMs: 5000, renewMs: 1000, standbyPollMs: 100, log: () => undefined };
    const a = startLease({
      ...timing,
      sql: connect(),
      serveUrl: "a",
      onAcquire: () => undefined,
      onLose: () => undefined,
    });
    await a.ready;
    const b = startLease({
      ...timing,
      sql: connect(),
      serveUrl: "b",
      onAcquire: () => undefined,
      onLose: () => undefined,
    });
    await b.ready;
    expect(b.holding()).toBe(false);
    const released = Date.now();
    await a.stop(true);
    await until(() => (b.holding() ? true : undefined), 5000, "handover");
    const handover = Date.now() - released;
    console.log(`handover after a release: ${handover} ms (TTL 5000 ms)`);
    expect(handover).toBeLessThan(1000);
    await b.stop();
  });
});

/** An instance's executor: its own serve() endpoint, its executor API, the lease. */
type Instance = {
  name: string;
  executor: Executor;
  lease: Lease;
  apiUrl: string;
  eventKey: string;
  stop: () => Promise<void>;
};

describe(`instances sharing the executor (${db})`, () => {
  const handled: string[] = [];
  const started: Instance[] = [];
  const timing = { ttlMs: 1500, renewMs: 300, standbyPollMs: 100, log: () => undefined };

  async function instance(name: string, opts: { sync: boolean }): Promise<Instance> {
    const apiPort = await freePort();
    const eventKey = "lease-test";
    const inngest = new Inngest({
      id: APP,
      isDev: false,
      checkpointing: true,
      signingKey: TEST_SIGNING_KEY,
      eventKey,
      baseUrl: `http://127.0.0.1:${apiPort}`,
    });
    const fn = inngest.createFunction(
      { id: "work", retries: 0, triggers: [{ event: "t/work" }] },
      async ({ event, step }) =>
        step.run("work", () => {
          handled.push(`${name}:${String(event.data.n)}`);
          return event.data.n;
        }),
    );
    const handler = serve({ client: inngest, functions: [fn] });
    const server = http.createServer((req, res) => void handler(req, res));
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
    const serveUrl = `http://127.0.0.1:${port}/api/inngest`;
    const executor = createExecutor({
      serveUrl,
      signingKey: TEST_SIGNING_KEY,
      databaseUrl,
      singleWriter: false,
      concurrency: 8,
      pollMs: 20,
      log: () => undefined,
    });
    const api = startApiServer(executor, { port: apiPort, eventKey, signingKey: TEST_SIGNING_KEY });
    await api.listening;
    await executor.open();
    const leaseSql = openExecSql(databaseUrl, 1);
    const lease = leaseExecutor(executor, {
      ...timing,
      sql: leaseSql,
      serveUrl,
      onAcquire: () => opts.sync && void executor.sync(),
    });
    await lease.ready;
    const it: Instance = {
      name,
      executor,
      lease,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      eventKey,
      stop: async () => {
        await lease.stop(false);
        await leaseSql.close();
        await executor.stop(2000);
        await api.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
    started.push(it);
    return it;
  }

  afterAll(async () => {
    for (const i of started) await i.stop().catch(() => undefined);
    await clearLease();
  });

  const runOf = async (id: string) =>
    (
      await sql.all<{ status: string }>(`SELECT "status" FROM "ExecRun" WHERE "functionId" = ? AND "eventId" = ?`, [
        `${APP}-work`,
        id,
      ])
    )[0]?.status;

  it("a non-holder takes the dispatcher's events and the holder runs them; a holder that lost the lease stops driving", async () => {
    // b starts first and holds; a stands by, opened before b synced these functions (its view of
    // the function table is older than b's sync, as on a first start or a new deployment).
    const b = await instance("b", { sync: false });
    expect(b.lease.holding()).toBe(true);
    const a = await instance("a", { sync: true });
    expect(a.lease.holding()).toBe(false);
    await b.executor.sync();
    await sleep(1100);

    // Dispatch through the standby's event API (what the dispatcher of that instance does).
    const res = await fetch(`${a.apiUrl}/e/${a.eventKey}`, {
      method: "POST",
      body: JSON.stringify([{ name: "t/work", id: "from-standby", data: { n: 1 } }]),
    });
    expect(res.status).toBe(200);
    await until(
      async () => ((await runOf("from-standby")) === "completed" ? true : undefined),
      15_000,
      "the run sent to the standby",
    );
    expect(handled).toEqual(["b:1"]);
    expect(a.executor.stats().calls).toBe(0);

    // b loses the lease while alive (a stall, say): someone else holds the row now.
    await sql.run(`UPDATE "ExecutorLease" SET "holder" = 'intruder', "expiresAt" = ? WHERE "id" = 'embedded'`, [
      new Date(Date.now() + 60_000),
    ]);
    await until(() => (!b.lease.holding() ? true : undefined), 5000, "b noticing it lost the lease");
    expect(b.executor.driving()).toBe(false);
    const callsBefore = b.executor.stats().calls;
    await b.executor.send([{ name: "t/work", id: "while-nobody-drives", data: { n: 2 } }]);
    await sleep(1000);
    expect(await runOf("while-nobody-drives")).toBe("running");
    expect(b.executor.stats().calls).toBe(callsBefore);
    expect(a.executor.stats().calls).toBe(0);

    // The intruder goes away: a standby takes over and resumes the job from the database.
    await sql.run(`UPDATE "ExecutorLease" SET "expiresAt" = ? WHERE "id" = 'embedded'`, [new Date(Date.now() - 1000)]);
    await until(
      async () => ((await runOf("while-nobody-drives")) === "completed" ? true : undefined),
      15_000,
      "the run after the takeover",
    );
    const driver = a.lease.holding() ? "a" : "b";
    expect(handled).toEqual(["b:1", `${driver}:2`]);
  });
});

describe("the embedded keys and PostgreSQL's secret key", () => {
  const saved = { ...process.env };
  const g = globalThis as unknown as { __hooklineSecretKey?: unknown };
  afterEach(() => {
    process.env = { ...saved };
    delete g.__hooklineSecretKey;
    vi.resetModules();
  });

  /** An instance's view: fresh modules (lib/env reads the environment once) on `vars`. */
  async function instanceEnv(vars: Record<string, string | undefined>) {
    process.env = { ...saved };
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete g.__hooklineSecretKey;
    vi.resetModules();
    return { ...(await import("@/lib/inngest/client")), ...(await import("@/lib/env")) };
  }

  const keyA = Buffer.alloc(32, 1).toString("base64");
  const keyB = Buffer.alloc(32, 2).toString("base64");

  it("two instances with the same HOOKLINE_SECRET_KEY (different data dirs) derive the same keys; another key derives others", async () => {
    const one = (
      await instanceEnv({ HOOKLINE_SECRET_KEY: keyA, HOOKLINE_DATA_DIR: `/tmp/hookline-lease-a-${process.pid}` })
    ).embeddedConfig();
    const two = (
      await instanceEnv({ HOOKLINE_SECRET_KEY: keyA, HOOKLINE_DATA_DIR: `/tmp/hookline-lease-b-${process.pid}` })
    ).embeddedConfig();
    const other = (
      await instanceEnv({ HOOKLINE_SECRET_KEY: keyB, HOOKLINE_DATA_DIR: `/tmp/hookline-lease-a-${process.pid}` })
    ).embeddedConfig();
    expect(two.signingKey).toBe(one.signingKey);
    expect(two.eventKey).toBe(one.eventKey);
    expect(one.signingKey).toMatch(/^signkey-local-[0-9a-f]{64}$/);
    expect(other.signingKey).not.toBe(one.signingKey);
    expect(other.eventKey).not.toBe(one.eventKey);
    // Distinct labels: the event key is not a piece of the signing key.
    expect(one.signingKey).not.toContain(one.eventKey);
  });

  it("refuses to start against PostgreSQL without HOOKLINE_SECRET_KEY, naming the variable", async () => {
    const { env } = await instanceEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/any",
      HOOKLINE_SECRET_KEY: undefined,
    });
    expect(() => env()).toThrow(/HOOKLINE_SECRET_KEY: is required with PostgreSQL/);
    const withKey = await instanceEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/any",
      HOOKLINE_SECRET_KEY: keyA,
    });
    expect(withKey.env().HOOKLINE_SECRET_KEY).toBe(keyA);
    // One SQLite machine still runs with the generated key file.
    const sqlite = await instanceEnv({ DATABASE_URL: "file:/tmp/x.db", HOOKLINE_SECRET_KEY: undefined });
    expect(sqlite.env().HOOKLINE_SECRET_KEY).toBeUndefined();
  });
});
