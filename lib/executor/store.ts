// The executor's durable state: runs, memoized steps, the concurrency keys runs hold and a leased
// job queue, all in the database, changed in batches (one transaction for many jobs, a handful of
// statements whatever the batch size). PostgreSQL: jobs are leased with FOR UPDATE SKIP LOCKED,
// so several executors share the queue, and transactions that start or finish runs take one
// advisory lock, so concurrency admission never races. SQLite: one executor per file (the single
// writer), so leases are also tracked in memory.
import { newId } from "@/lib/ids";
import type { ExecSql, Q } from "@/lib/sql/exec-sql";
import { cronSince } from "./cron";
import { evaluateBool, evaluateKey, matchPairs } from "./expression";
import { DISCOVERY, FAILED_EVENT, type FunctionConfig, type InngestEvent } from "./protocol";

export type Job = { id: string; runId: string; kind: string; stepId: string; attempt: number };
export type NewJob = { kind: "call" | "sleep"; stepId: string; attempt: number; notBefore: number };
export type RunState = {
  id: string;
  functionId: string;
  event: string;
  status: string;
  maxAttempts: number;
  sdkVersion: number | null;
  disableImmediate: boolean;
  steps: { stepId: string; result: string }[];
};

export type Outcome = {
  /** Memoized step results to add: result is {data} | {error} | null (finished sleep). */
  memos?: { stepId: string; result: unknown }[];
  jobs?: NewJob[];
  disableImmediate?: boolean;
  sdkVersion?: number;
  finish?: { status: "completed" | "failed"; output?: unknown; error?: unknown };
};

export type Start = { fn: FunctionConfig; event: InngestEvent };

/** How long a lease lasts without a heartbeat: a crashed instance's jobs are picked up again after it. */
export const LEASE_MS = 30_000;
const ADMISSION_LOCK = 7_240_011;
const iso = (ms: number) => new Date(ms).toISOString();

type Column = [name: string, pgType: string];

/** Many rows in one statement: the rows travel as one JSON parameter. */
async function insertRows(
  sql: ExecSql,
  q: Q,
  table: string,
  cols: Column[],
  rows: Record<string, unknown>[],
  suffix = "",
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = cols.map(([c]) => `"${c}"`).join(", ");
  const from = sql.postgres
    ? `SELECT ${names} FROM json_to_recordset(?::json) AS x(${cols.map(([c, t]) => `"${c}" ${t}`).join(", ")})`
    : `SELECT ${cols.map(([c]) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?) WHERE true`;
  const text = `INSERT INTO "${table}" (${names}) ${from} ${suffix}`;
  return /\bRETURNING\b/.test(suffix)
    ? q.all(text, [JSON.stringify(rows)])
    : (await q.run(text, [JSON.stringify(rows)]), []);
}

/** What a batch of answers changes on its runs: SDK flags, and for a run that ended its outcome. */
type RunUpdate = {
  id: string;
  di: boolean;
  sv: number | null;
  status: string | null;
  output: string | null;
  error: string | null;
};

/** The runs' updates of one batch in one statement (one row per run; status null = not finished). */
async function updateRuns(sql: ExecSql, q: Q, rows: RunUpdate[], now: number) {
  if (rows.length === 0) return;
  const from = sql.postgres
    ? `json_to_recordset(?::json) AS x("id" text, "di" boolean, "sv" int, "status" text, "output" text, "error" text)`
    : `(SELECT json_extract(value, '$.id') AS "id", json_extract(value, '$.di') AS "di", json_extract(value, '$.sv') AS "sv", json_extract(value, '$.status') AS "status", ` +
      `json_extract(value, '$.output') AS "output", json_extract(value, '$.error') AS "error" FROM json_each(?)) AS x`;
  const ended = (col: string, value: string) =>
    `"${col}" = CASE WHEN x."status" IS NULL THEN r."${col}" ELSE ${value} END`;
  const at = sql.postgres ? "?::timestamp(3)" : "?";
  await q.run(
    `UPDATE "ExecRun" AS r SET "disableImmediate" = (r."disableImmediate" OR x."di"), "sdkVersion" = COALESCE(x."sv", r."sdkVersion"), ` +
      `${ended("status", 'x."status"')}, ${ended("output", 'x."output"')}, ${ended("error", 'x."error"')}, ${ended("finishedAt", at)}, ${ended("updatedAt", at)} ` +
      `FROM ${from} WHERE r."id" = x."id"`,
    [iso(now), iso(now), JSON.stringify(rows)],
  );
}

const JOB_COLS: Column[] = [
  ["id", "text"],
  ["runId", "text"],
  ["kind", "text"],
  ["stepId", "text"],
  ["attempt", "int"],
  ["notBefore", "timestamp(3)"],
  ["createdAt", "timestamp(3)"],
];
/**
 * When a run was created, from its time-sortable id (lib/ids.ts: 9 base-36 digits of ms time after
 * the prefix), without reading the row.
 */
const runTime = (runId: string, fallback: number) => {
  const t = parseInt(runId.slice(runId.indexOf("_") + 1, runId.indexOf("_") + 10), 36);
  return Number.isFinite(t) && t > 0 && t <= fallback ? t : fallback;
};

/**
 * Jobs are leased oldest `notBefore` first. A job due at once (the next step of a run, a planned
 * parallel step) gets its run's creation time instead of now: runs already under way go before
 * runs that have not started, so a burst drains run by run (depth first) instead of taking every
 * run's first step before any second step. Delayed jobs (sleeps, retries) keep their wake-up time.
 */
const jobRow = (runId: string, j: NewJob, now: number) => ({
  id: newId("job"),
  runId,
  kind: j.kind,
  stepId: j.stepId,
  attempt: j.attempt,
  notBefore: iso(j.notBefore <= now ? Math.min(j.notBefore, runTime(runId, now)) : j.notBefore),
  createdAt: iso(now),
});
const discovery = (runId: string, now: number) =>
  jobRow(runId, { kind: "call", stepId: DISCOVERY, attempt: 0, notBefore: now }, now);

/** Concurrency entries of a function config: `concurrency` is a number, an object or a list. */
export function concurrencyKeys(fn: FunctionConfig, event: InngestEvent): { key: string; limit: number }[] {
  const raw = fn.concurrency;
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const keys: { key: string; limit: number }[] = [];
  list.forEach((c, i) => {
    const entry = typeof c === "number" ? { limit: c } : (c as { limit?: number; key?: string; scope?: string });
    const limit = entry.limit ?? 0;
    if (!(limit > 0)) return; // 0 = no limit
    const scope = entry.scope === "account" || entry.scope === "env" ? entry.scope : `fn:${fn.id}`;
    if (entry.key === undefined) return void keys.push({ key: `${scope}#${i}`, limit });
    const value = evaluateKey(entry.key, { event });
    // A run whose event lacks the key value is not constrained by that entry.
    if (value === undefined || value === null || value === "") return;
    keys.push({ key: `${scope}#${entry.scope ? "" : i}:${entry.key}=${JSON.stringify(value)}`, limit });
  });
  return keys;
}

/** Whether `fn` is triggered by `event` (name, and the trigger's expression if any). */
export function triggers(fn: FunctionConfig, event: InngestEvent): boolean {
  return fn.triggers.some((t) => t.event === event.name && (!t.expression || evaluateBool(t.expression, { event })));
}

/** PostgreSQL: transactions that start or finish runs take this first (admission never races). */
async function lockAdmission(sql: ExecSql, q: Q) {
  if (sql.postgres) await q.all(`SELECT pg_advisory_xact_lock(${ADMISSION_LOCK})`);
}

/**
 * Starts a run of each start's function for its event (an event id starts a function at most
 * once: Inngest's event idempotency, via the unique index). A run holding concurrency keys waits
 * as `queued` until it is among the first `limit` holders of each key. Returns the new run ids.
 */
export async function createRuns(sql: ExecSql, q: Q, starts: Start[], now: number): Promise<string[]> {
  if (starts.length === 0) return [];
  const rows = starts.map(({ fn, event }) => ({
    id: newId("xrun"),
    functionId: fn.id,
    eventId: event.id,
    event: JSON.stringify(event),
    status: "queued",
    maxAttempts: (Object.values(fn.steps)[0]?.retries?.attempts ?? 3) + 1,
    createdAt: iso(now),
    updatedAt: iso(now),
    keys: concurrencyKeys(fn, event),
  }));
  const inserted = new Set(
    (
      await insertRows(
        sql,
        q,
        "ExecRun",
        [
          ["id", "text"],
          ["functionId", "text"],
          ["eventId", "text"],
          ["event", "text"],
          ["status", "text"],
          ["maxAttempts", "int"],
          ["createdAt", "timestamp(3)"],
          ["updatedAt", "timestamp(3)"],
        ],
        rows.map(({ keys: _, ...r }) => r),
        `ON CONFLICT ("functionId", "eventId") DO NOTHING RETURNING "id"`,
      )
    ).map((r) => String(r.id)),
  );
  const fresh = rows.filter((r) => inserted.has(r.id));
  const keyed = fresh.filter((r) => r.keys.length > 0);
  const free = fresh.filter((r) => r.keys.length === 0).map((r) => r.id);
  if (free.length > 0) {
    await q.run(`UPDATE "ExecRun" SET "status" = 'running' WHERE ${sql.inList(`"id"`)}`, [free]);
    await insertRows(
      sql,
      q,
      "ExecJob",
      JOB_COLS,
      free.map((id) => discovery(id, now)),
    );
  }
  if (keyed.length > 0) {
    await lockAdmission(sql, q);
    await insertRows(
      sql,
      q,
      "ExecRunKey",
      [
        ["runId", "text"],
        ["key", "text"],
        ["limit", "int"],
      ],
      keyed.flatMap((r) => r.keys.map((k) => ({ runId: r.id, key: k.key, limit: k.limit }))),
    );
    await admit(sql, q, new Set(keyed.flatMap((r) => r.keys.map((k) => k.key))), now);
  }
  return fresh.map((r) => r.id);
}

/**
 * Starts the queued runs that are now among the first `limit` holders of each of their keys, in
 * arrival (seq) order; called after keys were added or released. A few set-based statements
 * whatever the number of keys.
 */
async function admit(sql: ExecSql, q: Q, keys: Set<string>, now: number) {
  if (keys.size === 0) return;
  const ahead = await holdersWithin(sql, q, [...keys]);
  const candidates = new Set([...ahead.values()].flatMap((s) => [...s]));
  if (candidates.size === 0) return;
  const held = await q.all<{ runId: string; key: string }>(
    `SELECT "runId", "key" FROM "ExecRunKey" WHERE ${sql.inList(`"runId"`)}`,
    [[...candidates]],
  );
  const other = [...new Set(held.map((h) => h.key).filter((k) => !ahead.has(k)))];
  if (other.length > 0) for (const [k, v] of await holdersWithin(sql, q, other)) ahead.set(k, v);
  const blocked = new Set(held.filter((h) => !ahead.get(h.key)?.has(h.runId)).map((h) => h.runId));
  const ready = [...candidates].filter((id) => !blocked.has(id));
  if (ready.length === 0) return;
  const started = await q.all<{ id: string }>(
    `UPDATE "ExecRun" SET "status" = 'running', "updatedAt" = ? WHERE ${sql.inList(`"id"`)} AND "status" = 'queued' RETURNING "id"`,
    [iso(now), ready],
  );
  await insertRows(
    sql,
    q,
    "ExecJob",
    JOB_COLS,
    started.map((r) => discovery(r.id, now)),
  );
}

/** For each key, the runs within its limit: its first `limit` holders in arrival order. */
async function holdersWithin(sql: ExecSql, q: Q, keys: string[]): Promise<Map<string, Set<string>>> {
  const rows = await q.all<{ runId: string; key: string }>(
    `SELECT "runId", "key" FROM (
       SELECT "runId", "key", "limit", ROW_NUMBER() OVER (PARTITION BY "key" ORDER BY "seq") AS "rn" FROM "ExecRunKey" WHERE ${sql.inList(`"key"`)}
     ) AS "t" WHERE "rn" <= "limit"`,
    [keys],
  );
  const out = new Map<string, Set<string>>(keys.map((k) => [k, new Set<string>()]));
  for (const r of rows) out.get(r.key)!.add(r.runId);
  return out;
}

/** Ends runs (no more jobs, keys released, the next queued runs admitted). */
async function endRuns(sql: ExecSql, q: Q, ids: string[], now: number) {
  if (ids.length === 0) return;
  await q.run(`DELETE FROM "ExecJob" WHERE ${sql.inList(`"runId"`)}`, [ids]);
  const keys = await q.all<{ key: string }>(`DELETE FROM "ExecRunKey" WHERE ${sql.inList(`"runId"`)} RETURNING "key"`, [
    ids,
  ]);
  if (keys.length > 0) await admit(sql, q, new Set(keys.map((k) => k.key)), now);
}

/**
 * Leases up to `limit` due jobs with the state their calls need. PostgreSQL: FOR UPDATE SKIP
 * LOCKED, so any number of executors share the queue. SQLite: `exclude` (this process's in-flight
 * jobs) keeps a job whose lease ran out on a fast-forwarded clock from running twice.
 */
export async function leaseJobs(
  sql: ExecSql,
  now: number,
  limit: number,
  exclude: string[],
  leaseMs = LEASE_MS,
): Promise<{ jobs: Job[]; runs: Map<string, RunState> }> {
  return sql.tx(async (q) => {
    const jobs = await q.all<Job>(
      `UPDATE "ExecJob" SET "leaseUntil" = ? WHERE "id" IN (
         SELECT "id" FROM "ExecJob" WHERE "notBefore" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?) AND NOT (${sql.inList(`"id"`)})
         ORDER BY "notBefore" LIMIT ? ${sql.postgres ? "FOR UPDATE SKIP LOCKED" : ""})
       RETURNING "id", "runId", "kind", "stepId", "attempt"`,
      [iso(now + leaseMs), iso(now), iso(now), exclude, limit],
    );
    const runs = new Map<string, RunState>();
    if (jobs.length === 0) return { jobs, runs };
    const ids = [...new Set(jobs.map((j) => j.runId))];
    const rows = await q.all<Omit<RunState, "steps">>(
      `SELECT "id", "functionId", "event", "status", "maxAttempts", "sdkVersion", "disableImmediate" FROM "ExecRun" WHERE ${sql.inList(`"id"`)}`,
      [ids],
    );
    for (const r of rows)
      runs.set(r.id, {
        ...r,
        maxAttempts: Number(r.maxAttempts),
        disableImmediate: Boolean(r.disableImmediate),
        steps: [],
      });
    const steps = await q.all<{ runId: string; stepId: string; result: string }>(
      `SELECT "runId", "stepId", "result" FROM "ExecStep" WHERE ${sql.inList(`"runId"`)} ORDER BY "seq"`,
      [ids],
    );
    for (const s of steps) runs.get(s.runId)?.steps.push({ stepId: s.stepId, result: s.result });
    for (const j of jobs) j.attempt = Number(j.attempt);
    return { jobs, runs };
  });
}

/** Heartbeat: extends the leases of the jobs this process still has in flight. */
export async function renewLeases(sql: ExecSql, ids: string[], until: number) {
  if (ids.length === 0) return;
  await sql.tx((q) => q.run(`UPDATE "ExecJob" SET "leaseUntil" = ? WHERE ${sql.inList(`"id"`)}`, [iso(until), ids]));
}

/** After a crash on SQLite (one executor per file), nothing is really leased any more. */
export async function releaseAllLeases(sql: ExecSql) {
  await sql.tx((q) => q.run(`UPDATE "ExecJob" SET "leaseUntil" = NULL WHERE "leaseUntil" IS NOT NULL`));
}

export type Completion = { job: Job; outcome: Outcome; postponeUntil?: number };

/** What a finished run leads to outside itself: the failure event of a failed run. */
export type Finished = { runId: string; functionId: string; status: string; event: string; error?: unknown };

/**
 * Applies what a batch of jobs produced, in one transaction. A job whose run is no longer running
 * (cancelled meanwhile) or that was already handled is dropped. Runs that end release their
 * concurrency keys; a run that fails emits `inngest/function.failed` to the functions it triggers.
 */
export async function completeJobs(
  sql: ExecSql,
  items: Completion[],
  functions: FunctionConfig[],
  now: number,
): Promise<Finished[]> {
  if (items.length === 0) return [];
  return sql.tx(async (q) => {
    if (items.some((i) => i.outcome.finish)) await lockAdmission(sql, q);
    const postponed = items.filter((i) => i.postponeUntil !== undefined);
    for (const p of postponed)
      await q.run(`UPDATE "ExecJob" SET "leaseUntil" = NULL, "notBefore" = ? WHERE "id" = ?`, [
        iso(p.postponeUntil!),
        p.job.id,
      ]);
    const done = items.filter((i) => i.postponeUntil === undefined);
    if (done.length === 0) return [];
    const runIds = [...new Set(done.map((i) => i.job.runId))];
    const runs = new Map(
      (
        await q.all<{ id: string; status: string; functionId: string; event: string }>(
          `SELECT "id", "status", "functionId", "event" FROM "ExecRun" WHERE ${sql.inList(`"id"`)}`,
          [runIds],
        )
      ).map((r) => [r.id, r]),
    );
    const deleted = new Set(
      (
        await q.all<{ id: string }>(`DELETE FROM "ExecJob" WHERE ${sql.inList(`"id"`)} RETURNING "id"`, [
          done.map((i) => i.job.id),
        ])
      ).map((r) => r.id),
    );

    const memos: Record<string, unknown>[] = [];
    const jobs: Record<string, unknown>[] = [];
    const runUpdates = new Map<string, RunUpdate>();
    const updateOf = (id: string) =>
      runUpdates.get(id) ??
      runUpdates.set(id, { id, di: false, sv: null, status: null, output: null, error: null }).get(id)!;
    const finished = new Map<string, Finished>();
    const touched = new Set<string>();
    for (const { job, outcome } of done) {
      const run = runs.get(job.runId);
      if (!run || run.status !== "running" || !deleted.has(job.id) || finished.has(job.runId)) continue;
      touched.add(job.runId);
      for (const m of outcome.memos ?? [])
        memos.push({ runId: job.runId, stepId: m.stepId, result: JSON.stringify(m.result) });
      if (outcome.disableImmediate || outcome.sdkVersion !== undefined) {
        const u = updateOf(job.runId);
        u.di ||= outcome.disableImmediate === true;
        u.sv = outcome.sdkVersion ?? u.sv;
      }
      if (outcome.finish) {
        finished.set(job.runId, {
          runId: job.runId,
          functionId: run.functionId,
          status: outcome.finish.status,
          event: run.event,
          error: outcome.finish.error,
        });
        Object.assign(updateOf(job.runId), {
          status: outcome.finish.status,
          output: outcome.finish.output === undefined ? null : JSON.stringify(outcome.finish.output),
          error: outcome.finish.error === undefined ? null : JSON.stringify(outcome.finish.error),
        });
      } else {
        for (const j of outcome.jobs ?? []) jobs.push(jobRow(job.runId, j, now));
      }
    }
    await updateRuns(sql, q, [...runUpdates.values()], now);
    await insertRows(
      sql,
      q,
      "ExecStep",
      [
        ["runId", "text"],
        ["stepId", "text"],
        ["result", "text"],
      ],
      memos,
      `ON CONFLICT ("runId", "stepId") DO NOTHING`,
    );
    await insertRows(
      sql,
      q,
      "ExecJob",
      JOB_COLS.slice(),
      jobs.filter((j) => !finished.has(String(j.runId))),
    );
    // Nothing in flight and nothing planned: ask the SDK what comes next.
    const open = [...touched].filter((id) => !finished.has(id));
    if (open.length > 0) {
      const busy = new Set(
        (
          await q.all<{ runId: string }>(`SELECT DISTINCT "runId" FROM "ExecJob" WHERE ${sql.inList(`"runId"`)}`, [
            open,
          ])
        ).map((r) => r.runId),
      );
      await insertRows(
        sql,
        q,
        "ExecJob",
        JOB_COLS,
        open.filter((id) => !busy.has(id)).map((id) => discovery(id, now)),
      );
    }
    await endRuns(sql, q, [...finished.keys()], now);
    await startFailureHandlers(sql, q, [...finished.values()], functions, now);
    return [...finished.values()];
  });
}

/**
 * Steps the SDK reports while it carries on in the same request (v4 async checkpointing,
 * `POST /v1/checkpoint/:runId/async`): memoized at once, so a completed step never runs again
 * even if the request dies later. Returns the runs that are still running (the others get 409,
 * which stops the SDK: a cancelled run runs no further step).
 */
export async function saveCheckpoints(
  sql: ExecSql,
  items: { runId: string; memos: { stepId: string; result: unknown }[] }[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const ids = [...new Set(items.map((i) => i.runId))];
  const memos = items.flatMap((i) =>
    i.memos.map((m) => ({ runId: i.runId, stepId: m.stepId, result: JSON.stringify(m.result) })),
  );
  if (sql.postgres) {
    // One statement (its own transaction, one round trip): the same reads and writes as below.
    const rows = await sql.all<{ id: string }>(
      `WITH running AS (SELECT "id" FROM "ExecRun" WHERE "id" = ANY(?::text[]) AND "status" = 'running'),
       saved AS (INSERT INTO "ExecStep" ("runId", "stepId", "result")
                 SELECT m."runId", m."stepId", m."result" FROM json_to_recordset(?::json) AS m("runId" text, "stepId" text, "result" text)
                 WHERE m."runId" IN (SELECT "id" FROM running)
                 ON CONFLICT ("runId", "stepId") DO NOTHING)
       SELECT "id" FROM running`,
      [ids, JSON.stringify(memos)],
    );
    return new Set(rows.map((r) => r.id));
  }
  return sql.tx(async (q) => {
    const running = new Set(
      (
        await q.all<{ id: string }>(`SELECT "id" FROM "ExecRun" WHERE ${sql.inList(`"id"`)} AND "status" = 'running'`, [
          ids,
        ])
      ).map((r) => r.id),
    );
    const rows = memos.filter((m) => running.has(m.runId));
    await insertRows(
      sql,
      q,
      "ExecStep",
      [
        ["runId", "text"],
        ["stepId", "text"],
        ["result", "text"],
      ],
      rows,
      `ON CONFLICT ("runId", "stepId") DO NOTHING`,
    );
    return running;
  });
}

/** The event Inngest emits when a run fails for good (the payload its onFailure handlers read). */
export function failedEvent(
  f: { runId: string; functionId: string; event: string; error?: unknown },
  now: number,
): InngestEvent {
  return {
    id: `${f.runId}:failed`,
    name: FAILED_EVENT,
    data: {
      function_id: f.functionId,
      run_id: f.runId,
      error: f.error ?? { name: "Error", message: "Unknown error" },
      event: JSON.parse(f.event) as unknown,
    },
    ts: now,
  };
}

/** `inngest/function.failed` for each failed run, as Inngest emits it, starting the onFailure functions. */
async function startFailureHandlers(
  sql: ExecSql,
  q: Q,
  finished: Finished[],
  functions: FunctionConfig[],
  now: number,
) {
  const starts: Start[] = [];
  for (const f of finished) {
    if (f.status !== "failed") continue;
    const event = failedEvent(f, now);
    for (const fn of functions) if (triggers(fn, event)) starts.push({ fn, event });
  }
  await createRuns(sql, q, starts, now);
}

/** Cancels the queued or running runs that `event` cancels (the functions' cancelOn). */
async function cancelRuns(
  sql: ExecSql,
  q: Q,
  event: InngestEvent,
  functions: FunctionConfig[],
  now: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (const fn of functions) {
    for (const c of fn.cancel ?? []) {
      if (c.event !== event.name) continue;
      const pairs = c.if ? matchPairs(c.if) : [];
      let found: string[];
      if (pairs) {
        const where = pairs.map(() => `${sql.jsonText(`"event"`)} = ?`).join(" AND ");
        const params = pairs.flatMap((p) => {
          const v = evaluateKey(p.asyncPath.join("."), { async: event });
          return [
            sql.jsonPath(p.eventPath),
            v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v),
          ];
        });
        found = (
          await q.all<{ id: string }>(
            `SELECT "id" FROM "ExecRun" WHERE "functionId" = ? AND "status" IN ('queued', 'running') ${where ? `AND ${where}` : ""}`,
            [fn.id, ...params],
          )
        ).map((r) => r.id);
      } else {
        const rows = await q.all<{ id: string; event: string }>(
          `SELECT "id", "event" FROM "ExecRun" WHERE "functionId" = ? AND "status" IN ('queued', 'running')`,
          [fn.id],
        );
        found = rows.filter((r) => evaluateBool(c.if!, { event: JSON.parse(r.event), async: event })).map((r) => r.id);
      }
      ids.push(...found);
    }
  }
  if (ids.length === 0) return [];
  await lockAdmission(sql, q);
  const cancelled = await q.all<{ id: string }>(
    `UPDATE "ExecRun" SET "status" = 'cancelled', "finishedAt" = ?, "updatedAt" = ? WHERE ${sql.inList(`"id"`)} AND "status" IN ('queued', 'running') RETURNING "id"`,
    [iso(now), iso(now), ids],
  );
  await endRuns(
    sql,
    q,
    cancelled.map((r) => r.id),
    now,
  );
  return cancelled.map((r) => r.id);
}

/** The event API's work for a batch of events: cancellations first, then new runs, in one transaction. */
export async function receiveEvents(
  sql: ExecSql,
  events: InngestEvent[],
  functions: FunctionConfig[],
  now: number,
): Promise<{ runs: string[]; cancelled: string[] }> {
  const starts: Start[] = [];
  for (const event of events) for (const fn of functions) if (triggers(fn, event)) starts.push({ fn, event });
  const cancels = events.filter((e) => functions.some((fn) => fn.cancel?.some((c) => c.event === e.name)));
  if (starts.length === 0 && cancels.length === 0) return { runs: [], cancelled: [] };
  return sql.tx(async (q) => {
    const cancelled: string[] = [];
    for (const e of cancels) cancelled.push(...(await cancelRuns(sql, q, e, functions, now)));
    const runs = await createRuns(sql, q, starts, now);
    return { runs, cancelled };
  });
}

/** Safety net: admits queued runs whose keys have room (e.g. after a crash mid-way). */
export async function admitWaiting(sql: ExecSql, now: number) {
  await sql.tx(async (q) => {
    const keys = await q.all<{ key: string }>(
      `SELECT DISTINCT k."key" FROM "ExecRunKey" k JOIN "ExecRun" r ON r."id" = k."runId" WHERE r."status" = 'queued' LIMIT 1000`,
    );
    if (keys.length === 0) return;
    await lockAdmission(sql, q);
    await admit(sql, q, new Set(keys.map((k) => k.key)), now);
  });
}

export async function loadFunctions(sql: ExecSql): Promise<FunctionConfig[]> {
  const rows = await sql.all<{ config: string }>(`SELECT "config" FROM "ExecFunction" ORDER BY "id"`);
  return rows.map((r) => JSON.parse(r.config) as FunctionConfig);
}

export async function saveFunctions(sql: ExecSql, list: FunctionConfig[], now: number) {
  await sql.tx(async (q) => {
    // A cron function keeps when its crons were registered (cron.ts cronSince) in its stored config.
    const stored = new Map(
      (await q.all<{ id: string; config: string }>(`SELECT "id", "config" FROM "ExecFunction"`)).map((r) => [
        r.id,
        JSON.parse(r.config) as FunctionConfig,
      ]),
    );
    for (const fn of list) {
      const since = cronSince(fn, stored.get(fn.id), now);
      await q.run(
        `INSERT INTO "ExecFunction" ("id", "config", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "config" = excluded."config", "updatedAt" = excluded."updatedAt"`,
        [fn.id, JSON.stringify(since === undefined ? fn : { ...fn, cronSince: since }), iso(now)],
      );
    }
  });
}

/** Starts `fn` for one cron tick, unless any executor already did (the event id names the tick). Returns the new run ids. */
export async function fireCronTick(sql: ExecSql, fn: FunctionConfig, event: InngestEvent, now: number) {
  return sql.tx((q) => createRuns(sql, q, [{ fn, event }], now));
}
