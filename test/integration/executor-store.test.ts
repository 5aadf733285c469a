// The embedded executor's run creation: many events in a few statements, an event id starts a
// function at most once (a dispatcher re-send after a crash must not start a second run), and a
// run holding a concurrency key waits (queued, no job) behind the key's earlier holders.
import { afterAll, describe, expect, inject, it } from "vitest";
import { createExecutor } from "@/lib/executor/executor";
import { openPostgres, openSqlite } from "@/lib/sql/exec-sql";
import { completeJobs, createRuns, leaseJobs, receiveEvents } from "@/lib/executor/store";
import { createTestDatabase } from "../support/migrate";

const url = process.env.DATABASE_URL!;
const sql = url.startsWith("postgres") ? openPostgres(url, 2) : openSqlite(url.replace(/^file:/, ""));
afterAll(() => sql.close());

const fn = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  triggers: [{ event: "demo/ping" }],
  steps: { step: { runtime: { url: "http://127.0.0.1:1/api/inngest" }, retries: { attempts: 2 } } },
  ...extra,
});
const event = (id: string, data: Record<string, unknown> = { id }) => ({ id, name: "demo/ping", data, ts: 1 });
const runsOf = (functionId: string) =>
  sql.all<{ eventId: string; maxAttempts: number; status: string; jobs: number }>(
    `SELECT r."eventId", r."maxAttempts", r."status", (SELECT COUNT(*) FROM "ExecJob" j WHERE j."runId" = r."id") AS "jobs" FROM "ExecRun" r WHERE r."functionId" = ? ORDER BY r."eventId"`,
    [functionId],
  );

describe(`executor run creation (${inject("database")})`, () => {
  it("creates one run and one discovery job per new event, and ignores event ids already started", async () => {
    const f = fn(`fn-${Date.now()}`);
    await sql.tx((q) =>
      createRuns(
        sql,
        q,
        [
          { fn: f, event: event("a") },
          { fn: f, event: event("b") },
        ],
        Date.now(),
      ),
    );
    const second = await sql.tx((q) =>
      createRuns(
        sql,
        q,
        [
          { fn: f, event: event("b") },
          { fn: f, event: event("c") },
        ],
        Date.now(),
      ),
    );
    expect(second).toHaveLength(1);
    const runs = await runsOf(f.id);
    expect(runs.map((r) => [r.eventId, Number(r.maxAttempts), r.status, Number(r.jobs)])).toEqual([
      ["a", 3, "running", 1],
      ["b", 3, "running", 1],
      ["c", 3, "running", 1],
    ]);
    const jobs = await sql.all<{ kind: string; stepId: string; attempt: number }>(
      `SELECT j."kind", j."stepId", j."attempt" FROM "ExecJob" j JOIN "ExecRun" r ON r."id" = j."runId" WHERE r."functionId" = ?`,
      [f.id],
    );
    expect(jobs.map((j) => [j.kind, j.stepId, Number(j.attempt)])).toEqual(Array(3).fill(["call", "step", 0]));
  });

  it("starts only the first holder of a key; runs without the key value start at once", async () => {
    const f = fn(`fk-${Date.now()}`, { concurrency: [{ key: "event.data.k", limit: 1 }] });
    await receiveEvents(
      sql,
      [event("1", { k: "x" }), event("2", { k: "x" }), event("3", { k: "y" }), event("4", {})],
      [f],
      Date.now(),
    );
    const runs = await runsOf(f.id);
    expect(runs.map((r) => [r.eventId, r.status, Number(r.jobs)])).toEqual([
      ["1", "running", 1],
      ["2", "queued", 0],
      ["3", "running", 1],
      ["4", "running", 1],
    ]);
  });

  it("applies a batch's answers to their runs in one go: SDK flags on a running run, the outcome on a finished one, nothing on the others", async () => {
    const f = fn(`fc-${Date.now()}`);
    const ids = await sql.tx((q) =>
      createRuns(
        sql,
        q,
        [
          { fn: f, event: event("a") },
          { fn: f, event: event("b") },
          { fn: f, event: event("c") },
        ],
        Date.now(),
      ),
    );
    const { jobs } = await leaseJobs(sql, Date.now() + 1000, 1000, []);
    const jobOf = (runId: string) => jobs.find((j) => j.runId === runId)!;
    const [a, b, c] = ids as [string, string, string];
    await completeJobs(
      sql,
      [
        { job: jobOf(a), outcome: { disableImmediate: true, sdkVersion: 2 } },
        { job: jobOf(b), outcome: { sdkVersion: 2, finish: { status: "completed", output: { ok: 1 } } } },
        { job: jobOf(c), outcome: {} },
      ],
      [f],
      Date.now(),
    );
    const rows = await sql.all<{
      id: string;
      status: string;
      disableImmediate: boolean | number;
      sdkVersion: number | null;
      output: string | null;
      finishedAt: unknown;
    }>(
      `SELECT "id", "status", "disableImmediate", "sdkVersion", "output", "finishedAt" FROM "ExecRun" WHERE ${sql.inList(`"id"`)}`,
      [ids],
    );
    const byId = new Map(
      rows.map((r) => [
        r.id,
        [
          r.status,
          Boolean(r.disableImmediate),
          r.sdkVersion === null ? null : Number(r.sdkVersion),
          r.output,
          r.finishedAt !== null,
        ],
      ]),
    );
    expect(byId.get(a)).toEqual(["running", true, 2, null, false]);
    expect(byId.get(b)).toEqual(["completed", false, 2, '{"ok":1}', true]);
    expect(byId.get(c)).toEqual(["running", false, null, null, false]);
  });

  it("refuses events while no executor has synced any function, so the sender retries instead of losing them", async () => {
    // A database of its own: the shared one holds the functions other files' executors synced,
    // which a standby instance rightly takes events with (executor-lease.test.ts).
    const fresh = await createTestDatabase(inject("database"), "nosync");
    const ex = createExecutor({
      serveUrl: "http://127.0.0.1:1/api/inngest",
      signingKey: "signkey-test-00",
      databaseUrl: fresh.url,
      singleWriter: !fresh.url.startsWith("postgres"),
      log: () => undefined,
    });
    try {
      await expect(ex.send([{ name: "demo/ping", data: {} }])).rejects.toMatchObject({ status: 503 });
    } finally {
      await ex.stop();
      await fresh.drop();
    }
  });
});

// runAll: the engine's bookkeeping batches (lib/engine/book.ts). On PostgreSQL the writes travel
// pipelined with their BEGIN and COMMIT; a failing one must still leave nothing behind.
describe(`independent writes in one transaction (${inject("database")})`, () => {
  const key = () => `runall-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const insert = `INSERT INTO "InstanceSetting" ("key", "value", "updatedAt") VALUES (?, ?, ?)`;
  const valuesOf = async (keys: string[]) =>
    (
      await sql.all<{ key: string; value: string }>(
        `SELECT "key", "value" FROM "InstanceSetting" WHERE ${sql.inList('"key"')} ORDER BY "key"`,
        [keys],
      )
    ).map((r) => `${r.key}=${r.value}`);

  it("applies every write in order and answers each one's row count", async () => {
    const [a, b] = [key(), key()].sort();
    const counts = await sql.runAll([
      { sql: insert, params: [a, "1", new Date()] },
      { sql: insert, params: [b, "1", new Date()] },
      { sql: `UPDATE "InstanceSetting" SET "value" = '2' WHERE "key" = ?`, params: [a] },
      { sql: `UPDATE "InstanceSetting" SET "value" = '3' WHERE "key" = ?`, params: ["no such key"] },
    ]);
    expect(counts).toEqual([1, 1, 1, 0]);
    expect(await valuesOf([a!, b!])).toEqual([`${a}=2`, `${b}=1`]);
  });

  it("a failing write rolls back the others, and the connection keeps working", async () => {
    const [a, b] = [key(), key()];
    await expect(
      sql.runAll([
        { sql: insert, params: [a, "1", new Date()] },
        { sql: insert, params: [a, "again", new Date()] }, // primary key taken
        { sql: insert, params: [b, "1", new Date()] },
      ]),
    ).rejects.toThrow(/unique|duplicate|constraint/i);
    expect(await valuesOf([a, b])).toEqual([]);
    // Every pooled connection is usable afterwards: no transaction left open on any of them.
    const after = await Promise.all(
      [0, 1, 2, 3].map(() => sql.runAll([{ sql: insert, params: [key(), "ok", new Date()] }])),
    );
    expect(after).toEqual([[1], [1], [1], [1]]);
  });
});
