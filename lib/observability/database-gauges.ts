// The metrics read from the database when Prometheus scrapes (metrics.ts): what the engine is doing,
// whichever process or instance does it. Each read is bounded by an index, so a scrape costs about
// the same with 10 thousand runs as with 10 million:
//
// - runs by status: only the unfinished statuses over all time (few rows: the engine's working
//   set), as seeks on Run(workspaceId, status, id) per workspace; the finished ones (which grow
//   without end) over the last WINDOW_S only, as a range on Run(workspaceId, id) (ids are
//   time-sortable, lib/ids.ts). A COUNT over every run would scan millions of index entries.
// - steps by node kind: the StepRun rows of the last WINDOW_S, a range on the primary key (ids are
//   time-sortable), aggregated in SQL. Steps run in other processes (the steps process's workers,
//   or under an external Inngest the web processes of any instance), and all of them record every
//   attempt as a StepRun: reading those rows is correct with any number of instances and in every
//   mode, survives restarts, and needs no reporting channel from the steps workers. In-memory
//   counters would have to travel from each cluster worker through its primary to the web process,
//   and would count only what ran under this instance's executor.
// - the executor's backlog and lag: ExecJob rows due now, a range on ExecJob(notBefore) (the
//   dispatcher keeps it under ~1,000: lib/runs/dispatcher.ts HIGH_WATER).
// - run requests waiting: RunRequest (empty but during a flood; its primary key is time-ordered).
// - the executor lease holder: the one ExecutorLease row, if it has not expired.
//
// These are gauges of the shared database: every instance reports the same values.
import "server-only";
import { type Gauge as GaugeType, Gauge, type Registry } from "prom-client";
import type { RunStatus } from "@/lib/api/dto";
import { getDb, usingPostgres } from "@/lib/db";
import { LEASE_ID } from "@/lib/executor/lease";
import { idAt, idTime } from "@/lib/runs/sql";
import { errField, log } from "./log";

/** The window of the "recent" figures (finished runs, steps): about one scrape interval. */
export const WINDOW_S = 60;

/** Which statuses a run leaves (true) and which it ends in (false). */
const UNFINISHED: Record<RunStatus, boolean> = {
  queued: true,
  held: true,
  running: true,
  sleeping: true,
  retrying: true,
  succeeded: false,
  failed: false,
  cancelled: false,
};
const statuses = (unfinished: boolean) =>
  (Object.keys(UNFINISHED) as RunStatus[]).filter((s) => UNFINISHED[s] === unfinished);

/** Bucket bounds of the step duration (seconds): a step is a loopback write or a slow HTTP target. */
export const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Who holds the embedded executor's lease (one active executor per database: lib/executor/lease.ts),
 * or null when nobody does (an external Inngest, a holder that died and has not been replaced yet):
 * then hookline_executor_lease_holder is absent from the scrape. Expiry is judged by the database's
 * clock, as the lease itself does, so every instance names the same holder.
 */
export async function executorLeaseHolder(): Promise<string | null> {
  const q = statement();
  const dbNow = q.pg ? `(now() AT TIME ZONE 'UTC')` : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  const [row] = await query(
    `SELECT "holder" FROM "ExecutorLease" WHERE "id" = ${q.p(LEASE_ID)} AND "expiresAt" >= ${dbNow}`,
    q.params,
  );
  return typeof row?.holder === "string" ? row.holder : null;
}

export type DatabaseGauges = { refresh: () => Promise<void> };

export function databaseGauges(registry: Registry): DatabaseGauges {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const runs = gauge(
    "hookline_runs",
    "Unfinished runs by status (queued, held, running, sleeping, retrying), all of them",
    ["status"],
  );
  const recentRuns = gauge(
    "hookline_recent_runs",
    `Runs created in the last ${WINDOW_S} s by status (finished ones included)`,
    ["status"],
  );
  const stepAttempts = gauge(
    "hookline_recent_step_attempts",
    `Step attempts started in the last ${WINDOW_S} s, by node kind and status`,
    ["kind", "status"],
  );
  const stepRetries = gauge(
    "hookline_recent_step_retries",
    `Step attempts after the first (attempt > 1) started in the last ${WINDOW_S} s, by node kind`,
    ["kind"],
  );
  const stepBucket = gauge(
    "hookline_recent_step_duration_seconds_bucket",
    `Finished step attempts of the last ${WINDOW_S} s that took at most le seconds, by node kind (histogram_quantile works on it; it is a window, not a counter: no rate())`,
    ["kind", "le"],
  );
  const stepSum = gauge(
    "hookline_recent_step_duration_seconds_sum",
    `Seconds taken by the finished step attempts of the last ${WINDOW_S} s, by node kind`,
    ["kind"],
  );
  const stepCount = gauge(
    "hookline_recent_step_duration_seconds_count",
    `Finished step attempts of the last ${WINDOW_S} s, by node kind`,
    ["kind"],
  );
  const dueJobs = gauge(
    "hookline_executor_due_jobs",
    "Embedded executor jobs due now, in flight included (its backlog; the dispatcher creates runs only below 1,000)",
  );
  const lag = gauge(
    "hookline_executor_lag_seconds",
    "Age of the oldest due job no executor has taken yet (0 when none waits)",
  );
  const requests = gauge("hookline_run_requests", "Accepted deliveries whose run the dispatcher has not created yet");
  const requestAge = gauge(
    "hookline_run_requests_oldest_age_seconds",
    "Age of the oldest run request (0 when none waits)",
  );
  const lease = gauge("hookline_executor_lease_holder", "1 for the instance holding the embedded executor's lease", [
    "holder",
  ]);
  const ok = gauge(
    "hookline_metrics_database_ok",
    "1 when the scrape read the database figures, 0 when that failed (they are absent then)",
  );
  const fromDb: GaugeType<string>[] = [
    runs,
    recentRuns,
    stepAttempts,
    stepRetries,
    stepBucket,
    stepSum,
    stepCount,
    dueJobs,
    lag,
    requests,
    requestAge,
    lease,
  ];

  async function refresh() {
    for (const m of fromDb) m.reset();
    try {
      const now = Date.now();
      const [r, steps, backlog, waiting, holder] = await Promise.all([
        readRuns(now),
        readSteps(now),
        readBacklog(now),
        readRunRequests(now),
        executorLeaseHolder(),
      ]);
      for (const s of statuses(true)) runs.set({ status: s }, r.all.get(s) ?? 0);
      for (const s of Object.keys(UNFINISHED)) recentRuns.set({ status: s }, r.recent.get(s) ?? 0);
      for (const k of steps) {
        stepAttempts.set({ kind: k.kind, status: k.status }, k.attempts);
        stepRetries.inc({ kind: k.kind }, k.retries);
        stepSum.inc({ kind: k.kind }, k.seconds);
        stepCount.inc({ kind: k.kind }, k.finished);
        STEP_BUCKETS.forEach((le, i) => stepBucket.inc({ kind: k.kind, le: String(le) }, k.buckets[i]!));
        stepBucket.inc({ kind: k.kind, le: "+Inf" }, k.finished);
      }
      dueJobs.set(backlog.due);
      lag.set(backlog.lagS);
      requests.set(waiting.count);
      requestAge.set(waiting.oldestS);
      if (holder) lease.set({ holder }, 1);
      ok.set(1);
    } catch (e) {
      for (const m of fromDb) m.reset();
      ok.set(0);
      log("metrics").warn(errField(e), "could not read the database figures for a metrics scrape");
    }
  }
  return { refresh };
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
/** `?` placeholders on SQLite, `$n` on PostgreSQL, numbered in the order they are written. */
function statement() {
  const pg = usingPostgres();
  const params: unknown[] = [];
  return { pg, params, p: (v: unknown) => (params.push(v), pg ? `$${params.length}` : "?") };
}
const query = async (sql: string, params: unknown[]) => (await getDb()).$queryRawUnsafe<Row[]>(sql, ...params);
const countsBy = (rows: Row[]) => new Map(rows.map((row) => [String(row.s), num(row.n)]));

/**
 * Runs per status. Driven from Workspace (a handful of rows), each workspace's runs are an index
 * seek: without a leading workspaceId neither database can use the (workspaceId, status, id) index.
 * CROSS JOIN keeps SQLite's join order (Workspace outside; as a plain join it scanned the whole
 * index); PostgreSQL plans it as any inner join.
 */
async function readRuns(now: number) {
  const a = statement();
  const open = statuses(true)
    .map((s) => a.p(s))
    .join(", ");
  const all = `SELECT r."status" AS s, COUNT(*) AS n FROM "Workspace" w CROSS JOIN "Run" r WHERE r."workspaceId" = w."id" AND r."status" IN (${open}) GROUP BY r."status"`;
  const b = statement();
  const recent = `SELECT r."status" AS s, COUNT(*) AS n FROM "Workspace" w JOIN "Run" r ON r."workspaceId" = w."id" AND r."id" >= ${b.p(idAt("run", now - WINDOW_S * 1000))} GROUP BY r."status"`;
  const [x, y] = await Promise.all([query(all, a.params), query(recent, b.params)]);
  return { all: countsBy(x), recent: countsBy(y) };
}

/** Attempts, retries and finished durations per node kind and status, in one pass over the window. */
async function readSteps(now: number) {
  const q = statement();
  const seconds = q.pg
    ? `CAST(EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) AS DOUBLE PRECISION)`
    : `((julianday("finishedAt") - julianday("startedAt")) * 86400.0)`;
  const buckets = STEP_BUCKETS.map((le, i) => `SUM(CASE WHEN d <= ${Number(le)} THEN 1 ELSE 0 END) AS b${i}`).join(
    ", ",
  );
  const sql = `SELECT "nodeType" AS kind, "status" AS status, COUNT(*) AS n, SUM(CASE WHEN "attempt" > 1 THEN 1 ELSE 0 END) AS retries,
      COUNT(d) AS finished, COALESCE(SUM(d), 0) AS seconds, ${buckets}
    FROM (SELECT "nodeType", "status", "attempt", CASE WHEN "finishedAt" IS NULL THEN NULL ELSE ${seconds} END AS d
          FROM "StepRun" WHERE "id" >= ${q.p(idAt("step", now - WINDOW_S * 1000))}) AS x
    GROUP BY "nodeType", "status"`;
  const rows = await query(sql, q.params);
  return rows.map((row) => ({
    kind: String(row.kind),
    status: String(row.status),
    attempts: num(row.n),
    retries: num(row.retries),
    finished: num(row.finished),
    seconds: num(row.seconds),
    buckets: STEP_BUCKETS.map((_, i) => num(row[`b${i}`])),
  }));
}

/**
 * Jobs due now, and how long the oldest one that no executor holds has waited. A job due at once
 * carries its run's creation time as notBefore (it orders the queue: lib/executor/store.ts jobRow),
 * so it has waited since the later of notBefore and its own creation.
 */
async function readBacklog(now: number) {
  const q = statement();
  const at = new Date(now).toISOString();
  const t = q.pg ? "::timestamp(3)" : "";
  const later = q.pg ? `GREATEST("notBefore", "createdAt")` : `MAX("notBefore", "createdAt")`;
  const sql = `SELECT COUNT(*) AS n, MIN(CASE WHEN "leaseUntil" IS NULL OR "leaseUntil" < ${q.p(at)}${t} THEN ${later} END) AS oldest
    FROM "ExecJob" WHERE "notBefore" <= ${q.p(at)}${t}`;
  const [row] = await query(sql, q.params);
  const oldest = row?.oldest ? new Date(row.oldest as string | Date).getTime() : null;
  return { due: num(row?.n), lagS: oldest === null ? 0 : Math.max(0, (now - oldest) / 1000) };
}

/** Run requests waiting, and the age of the oldest (its delivery id is time-sortable: the first key). */
async function readRunRequests(now: number) {
  const [row] = await query(`SELECT COUNT(*) AS n, MIN("deliveryId") AS oldest FROM "RunRequest"`, []);
  const oldest = typeof row?.oldest === "string" ? idTime(row.oldest) : null;
  return {
    count: num(row?.n),
    oldestS: oldest === null || !Number.isFinite(oldest) ? 0 : Math.max(0, (now - oldest) / 1000),
  };
}
