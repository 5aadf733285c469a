// The embedded executor: plays the Inngest server's part for this app on one machine. It syncs the
// app's functions over the SDK's in-band sync, turns events into runs (honouring concurrency keys,
// cancelOn and onFailure from the function configs), and drives each run by calling the app's
// serve() endpoint until it completes, with all state in the database (so a restart resumes every
// run; no completed step runs again). Jobs are leased and completed in batches: the answers that
// arrive in the same event-loop turn are committed in one transaction (group commit).
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { log as appLog } from "@/lib/observability/log";
import { openExecSql, type ExecSql } from "@/lib/sql/exec-sql";
import { callTarget, type CallTarget } from "./call-routing";
import { callSdk, interpret } from "./call-sdk";
import { executorNow } from "./clock";
import { cronTriggers, dueTick, parseCronTrigger, tickEvent } from "./cron";
import { parseExpression } from "./expression";
import {
  checkpointSchema,
  eventSchema,
  registerSchema,
  syncAnswerSchema,
  type FunctionConfig,
  type InngestEvent,
} from "./protocol";
import { canonicalJson, sign } from "./signature";
import {
  LEASE_MS,
  admitWaiting,
  completeJobs,
  fireCronTick,
  leaseJobs,
  loadFunctions,
  receiveEvents,
  releaseAllLeases,
  renewLeases,
  saveCheckpoints,
  saveFunctions,
  type Completion,
  type Job,
  type RunState,
} from "./store";

export type ExecutorOptions = {
  serveUrl: string;
  signingKey: string;
  /** Kept for compatibility; the executor opens its own connection to `databaseUrl`. */
  getDb?: unknown;
  /** Default: DATABASE_URL. */
  databaseUrl?: string;
  /** SQLite: this process is the only executor on the file, so stale leases are released at start. */
  singleWriter: boolean;
  /** Jobs (SDK calls) in flight at once. */
  concurrency?: number;
  pollMs?: number;
  /** Lease of a job in flight, renewed every third of it while the call runs (default 30 s). */
  leaseMs?: number;
  callTimeoutMs?: number;
  /**
   * v4 async checkpointing (default on): the SDK runs a run's steps one after another in one
   * request and reports each to /v1/checkpoint (served by api-server.ts), instead of one request
   * per step. Needs the client's `checkpointing` on (lib/inngest/client.ts, embedded mode).
   */
  checkpoint?: boolean;
  /** How often the driving executor looks for due cron ticks (default 1 s). */
  cronPollMs?: number;
  /** Scheduling clock (tests); default the shared executor clock (lib/executor/clock.ts). */
  now?: () => number;
  /** Where the executor's own lines go (default: the app's JSON log, component "executor"); ids go in `fields`. */
  log?: ExecutorLog;
};

export type ExecutorLog = (msg: string, fields?: Record<string, unknown>, level?: "info" | "warn" | "error") => void;
/** The executor's lines in the app's log, at their level, ids as fields. */
export const executorLog: ExecutorLog = (msg, fields = {}, level = "info") => appLog("executor")[level](fields, msg);

export type Executor = ReturnType<typeof createExecutor>;

/** A standby's function configs are read again before an event when older than this. */
const STANDBY_CONFIG_MAX_AGE_MS = 1_000;

/** Origin and path of an endpoint URL: what identifies it (the SDK adds its own query). */
const endpointOf = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

/** Refuses a config whose expressions this executor cannot evaluate (fails the sync loudly). */
function checkFunction(fn: FunctionConfig) {
  const where = (what: string, src: string) => {
    try {
      parseExpression(src);
    } catch (e) {
      throw new Error(`function ${fn.id}: ${what}: ${(e as Error).message}`);
    }
  };
  for (const t of fn.triggers) if (t.expression) where("trigger expression", t.expression);
  for (const cron of cronTriggers(fn)) {
    try {
      parseCronTrigger(cron);
    } catch (e) {
      throw new Error(`function ${fn.id}: cron trigger: ${(e as Error).message}`);
    }
  }
  for (const c of fn.cancel ?? []) if (c.if) where("cancelOn if", c.if);
  const conc = fn.concurrency;
  for (const c of Array.isArray(conc) ? conc : conc === undefined || conc === null ? [] : [conc]) {
    const key = typeof c === "object" && c !== null ? (c as { key?: unknown }).key : undefined;
    if (typeof key === "string") where("concurrency key", key);
  }
  for (const field of [
    "throttle",
    "rateLimit",
    "debounce",
    "batchEvents",
    "idempotency",
    "priority",
    "singleton",
  ] as const) {
    if ((fn as Record<string, unknown>)[field] != null)
      throw new Error(`function ${fn.id}: "${field}" is not supported by the embedded executor`);
  }
}

export function createExecutor(opts: ExecutorOptions) {
  const concurrency = opts.concurrency ?? 128;
  const log = opts.log ?? executorLog;
  const now = opts.now ?? executorNow;
  let functions: FunctionConfig[] = [];
  /**
   * The functions the app reported at this executor's last sync: only their crons fire. A stored
   * config the app no longer serves (a removed function, another app on the database) is not
   * fired, as Inngest archives a function a sync leaves out; the holder syncs when it takes the lease.
   */
  let synced = new Set<string>();
  const inFlight = new Set<string>();
  const minLease = Math.max(1, Math.floor(concurrency / 16));
  let sql: ExecSql | undefined;
  let timer: NodeJS.Timeout | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let cronTimer: NodeJS.Timeout | undefined;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  let ticking = false;
  let again = false;
  let stopped = true;
  /** Counters for tests and the bench: SDK calls made, checkpoint requests served. */
  const counts = { calls: 0, unanswered: 0, checkpoints: 0, checkpointedSteps: 0 };

  function conn(): ExecSql {
    if (!sql) {
      sql = openExecSql(opts.databaseUrl ?? env().DATABASE_URL);
    }
    return sql;
  }

  async function storeFunctions(list: FunctionConfig[]) {
    for (const fn of list) checkFunction(fn);
    await saveFunctions(conn(), list, now());
    functions = await loadFunctions(conn());
    synced = new Set(list.map((f) => f.id));
    log("synced the app's functions", { functions: list.map((f) => f.id) });
  }

  /**
   * Out-of-band sync (`POST /fn/register`, from the SDK after a plain PUT on its endpoint). The SDK
   * names the URL it is served at from the PUT's Host header, which whoever sends the PUT chooses:
   * a register naming any other endpoint than the configured serve URL is refused (403), so a
   * forged Host cannot even re-store the configs. Calls never use a config's URL anyway (callUrl).
   */
  async function register(body: unknown) {
    const parsed = registerSchema.parse(body);
    if (endpointOf(parsed.url) !== endpointOf(opts.serveUrl)) {
      throw Object.assign(
        new Error(
          `refused: this executor calls only its configured serve URL ${endpointOf(opts.serveUrl)}, not ${endpointOf(parsed.url)}`,
        ),
        { status: 403 },
      );
    }
    await storeFunctions(parsed.functions);
  }

  /**
   * Another loopback endpoint serving the same app that takes most calls meanwhile (the steps
   * helper under load, scripts/steps-helper.ts); set only by the process that runs this executor,
   * never from a request. Syncs and registrations still name the configured serve URL.
   */
  let helperUrl: string | undefined;
  function routeCalls(url: string | undefined) {
    // The calls carry the run's event and step outputs: only ever to a loopback endpoint of the app.
    if (url !== undefined) {
      const to = new URL(url);
      if (to.protocol !== "http:" || to.hostname !== "127.0.0.1" || to.pathname !== new URL(opts.serveUrl).pathname)
        throw new Error(`refused: calls are routed only to a loopback endpoint of the app, not ${to.origin}`);
    }
    helperUrl = url;
  }
  /** Calls in flight at the configured serve URL and at the helper (a helper that left still counts until its calls end). */
  const callsInFlight = { own: 0, helper: 0 };
  function pickEndpoint(): { target: CallTarget; url: string } {
    const target = helperUrl ? callTarget(callsInFlight.own, callsInFlight.helper) : "own";
    return { target, url: target === "helper" ? helperUrl! : opts.serveUrl };
  }

  /**
   * The URL of a call into the app: the configured serve URL (or the helper's, pickEndpoint),
   * never the `runtime.url` of a stored config (a sync's answer says where the SDK thinks it is
   * served; it is not trusted).
   */
  function callUrl(fn: FunctionConfig, stepId: string, base = opts.serveUrl) {
    const url = new URL(base);
    url.searchParams.set("fnId", fn.id);
    url.searchParams.set("stepId", stepId);
    return url.toString();
  }

  /** In-band sync: a signed PUT to serve() answers with the app's function configs. */
  async function sync() {
    const body = canonicalJson({ url: opts.serveUrl });
    const res = await fetch(opts.serveUrl, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-inngest-sync-kind": "in_band",
        "x-inngest-server-kind": "cloud",
        "x-inngest-signature": sign(body, opts.signingKey),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${text.slice(0, 200)}`);
    await storeFunctions(syncAnswerSchema.parse(JSON.parse(text)).functions);
  }

  let intake: Promise<unknown> = Promise.resolve();

  /** The event API: cancels what the events cancel and starts every function they trigger (once per event id). */
  async function send(raw: unknown[]): Promise<string[]> {
    // A standby instance's executor takes events too (it writes runs and jobs for the holder to
    // drive), with the configs the holder synced: read again if a second old, so an event sent
    // just after the holder's sync starts the functions that sync stored.
    if (functions.length === 0 || (stopped && Date.now() - loadedAt > STANDBY_CONFIG_MAX_AGE_MS))
      await refreshFunctions();
    // Before the first sync an event would start nothing and be lost: refuse it (the sender retries).
    if (functions.length === 0)
      throw Object.assign(new Error("The executor has not synced the app's functions yet"), { status: 503 });
    const at = now();
    const events: InngestEvent[] = raw.map((item) => {
      const parsed = eventSchema.parse(item);
      return { ...parsed, id: parsed.id ?? newId("evt"), ts: parsed.ts ?? at };
    });
    // Events are taken in the order they arrived at this process (concurrency keys are FIFO by it).
    const taken = intake.then(() => receiveEvents(conn(), events, functions, at));
    intake = taken.catch(() => undefined);
    const { cancelled } = await taken;
    if (cancelled.length > 0) log("cancelled runs", { runIds: cancelled.slice(0, 50), count: cancelled.length });
    kick();
    return events.map((e) => e.id);
  }

  // ---- group commit of job results

  let pending: Completion[] = [];
  let flushing: Promise<void> | null = null;

  function complete(c: Completion) {
    pending.push(c);
    if (!flushing) flushing = flushLoop();
  }

  async function flushLoop() {
    // Let the answers of this event-loop turn join the batch.
    await new Promise((r) => setImmediate(r));
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const finished = await completeJobs(conn(), batch, functions, now());
        for (const f of finished)
          if (f.status === "failed")
            log("a run failed", { execRunId: f.runId, error: JSON.stringify(f.error).slice(0, 300) }, "warn");
      } catch (e) {
        // Not committed: the leases stay, and run out; the jobs run again then (at-least-once).
        log("completing jobs failed; their leases run out and they run again", { jobs: batch.length, err: e }, "error");
      }
      for (const c of batch) inFlight.delete(c.job.id);
      kick();
    }
    flushing = null;
  }

  // ---- checkpoints from the SDK (group commit too)

  // SQLite has one writer: one batch at a time. PostgreSQL saves a few batches side by side (a
  // run's checkpoints never race each other: the SDK waits for each answer before its next step).
  const checkpoints: {
    runId: string;
    memos: { stepId: string; result: unknown }[];
    done: (ok: boolean) => void;
    fail: (e: Error) => void;
  }[] = [];
  let checkpointFlushes = 0;
  let checkpointScheduled = false;
  const maxCheckpointFlushes = () => (conn().postgres ? 3 : 1);

  function scheduleCheckpoints() {
    if (checkpointScheduled || checkpointFlushes >= maxCheckpointFlushes()) return;
    checkpointScheduled = true;
    // Let the checkpoints of this event-loop turn join the batch.
    setImmediate(() => {
      checkpointScheduled = false;
      if (checkpoints.length > 0 && checkpointFlushes < maxCheckpointFlushes())
        void flushCheckpoints(checkpoints.splice(0));
    });
  }

  async function flushCheckpoints(batch: typeof checkpoints) {
    checkpointFlushes++;
    try {
      const running = await saveCheckpoints(conn(), batch);
      for (const c of batch) c.done(running.has(c.runId));
    } catch (e) {
      for (const c of batch) c.fail(e as Error);
    } finally {
      checkpointFlushes--;
      if (checkpoints.length > 0) scheduleCheckpoints();
    }
  }

  /** `POST /v1/checkpoint/:runId/async`: memoizes the finished steps; false when the run is no longer running. */
  function checkpoint(runId: string, body: unknown): Promise<boolean> {
    const parsed = checkpointSchema.parse(body);
    counts.checkpoints++;
    const memos = parsed.steps
      .filter((s) => s.op === "StepRun" || s.op === "Step")
      .map((s) => ({ stepId: s.id, result: { data: s.data ?? null } }));
    counts.checkpointedSteps += memos.length;
    const unexpected = parsed.steps.filter((s) => s.op !== "StepRun" && s.op !== "Step");
    if (unexpected.length > 0)
      log(
        "a checkpoint carried ops the executor does not store",
        { execRunId: runId, ops: unexpected.map((s) => s.op) },
        "warn",
      );
    return new Promise((done, fail) => {
      checkpoints.push({ runId, memos, done, fail });
      scheduleCheckpoints();
    });
  }

  async function runJob(job: Job, run: RunState | undefined) {
    if (!run || run.status !== "running") return complete({ job, outcome: {} });
    if (job.kind === "sleep") return complete({ job, outcome: { memos: [{ stepId: job.stepId, result: null }] } });
    const fn = functions.find((f) => f.id === run.functionId);
    if (!fn)
      return complete({
        job,
        outcome: {
          finish: {
            status: "failed",
            error: { name: "ExecutorError", message: `Function ${run.functionId} is not synced` },
          },
        },
      });
    let answer;
    counts.calls++;
    const { target, url: base } = pickEndpoint();
    callsInFlight[target]++;
    try {
      answer = await callSdk(
        {
          url: callUrl(fn, job.stepId, base),
          signingKey: opts.signingKey,
          runId: run.id,
          event: JSON.parse(run.event),
          steps: run.steps,
          sdkVersion: run.sdkVersion,
          attempt: job.attempt,
          maxAttempts: run.maxAttempts,
          disableImmediate: run.disableImmediate,
          ...(opts.checkpoint !== false ? { checkpoint: { fnId: fn.id, queueItemId: job.id } } : {}),
        },
        opts.callTimeoutMs ?? 5 * 60_000,
      );
    } catch (e) {
      // The app did not answer (restarting, overloaded): not the step's fault, so no attempt is used.
      counts.unanswered++;
      // A helper whose port refuses connections is gone, whatever its parent heard: its calls come back.
      if (base === helperUrl && (e as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED") {
        helperUrl = undefined;
        log("the steps helper refuses connections; its calls go to the own endpoint again", {}, "warn");
      }
      log("a call into the SDK failed; retrying in 1 s", { execRunId: job.runId, jobId: job.id, err: e }, "warn");
      return complete({ job, outcome: {}, postponeUntil: now() + 1000 });
    } finally {
      callsInFlight[target]--;
    }
    const outcome = interpret(
      answer,
      { stepId: job.stepId, attempt: job.attempt, maxAttempts: run.maxAttempts, signingKey: opts.signingKey },
      now(),
      Date.now(),
    );
    if (outcome.sdkVersion === run.sdkVersion) delete outcome.sdkVersion;
    complete({ job, outcome });
  }

  // ---- cron triggers: only the driving executor fires them. Which tick is due comes from the
  // clock alone (cron.ts dueTick), and the run's event id names the tick, so the database's unique
  // (function, event id) lets one start per tick whichever executor, before or after a restart or
  // a takeover, gets there first. `fired` only saves this process from re-inserting.

  const fired = new Map<string, number>();
  let firing: Promise<void> | null = null;

  /**
   * One pass over the cron functions; a call during a pass joins it. Paused, it starts none but
   * returns the pass still settling (which fires no further tick), so a caller can wait it out.
   */
  function fireCrons(): Promise<void> {
    if (stopped) return firing ?? Promise.resolve();
    firing ??= fireDueTicks().finally(() => (firing = null));
    return firing;
  }

  async function fireDueTicks() {
    try {
      for (const fn of functions.filter((f) => synced.has(f.id))) {
        const since = (fn as { cronSince?: unknown }).cronSince;
        for (const cron of cronTriggers(fn)) {
          if (stopped) return; // paused mid-pass: a standby fires nothing
          const tick = dueTick(parseCronTrigger(cron), typeof since === "number" ? since : 0, now());
          const key = `${fn.id}\0${cron}`;
          if (tick === null || fired.get(key) === tick) continue;
          const runs = await fireCronTick(conn(), fn, tickEvent(cron, tick), now());
          fired.set(key, tick);
          if (runs.length > 0) {
            log("cron tick fired", { functionId: fn.id, cron, tick: new Date(tick).toISOString(), execRunId: runs[0] });
            kick();
          }
        }
      }
    } catch (e) {
      log("firing cron ticks failed; the next pass retries", { err: e }, "error");
    }
  }

  async function tick() {
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        const free = concurrency - inFlight.size;
        if (free <= 0 || stopped) break;
        // Near the limit, wait for a few slots (a completion kicks again): one lease per handful of
        // jobs instead of one per job when the executor is saturated.
        if (free < minLease && inFlight.size > 0) break;
        const { jobs, runs } = await leaseJobs(conn(), now(), free, [...inFlight], leaseMs);
        for (const job of jobs) {
          inFlight.add(job.id);
          void runJob(job, runs.get(job.runId)).catch((e) => {
            log("a job crashed", { execRunId: job.runId, jobId: job.id, err: e }, "error");
            inFlight.delete(job.id);
          });
        }
        if (jobs.length === free) again = true;
      } while (again);
    } catch (e) {
      log("leasing due jobs failed; the next tick retries", { err: e }, "error");
    } finally {
      ticking = false;
    }
  }

  function kick() {
    if (!stopped) setImmediate(() => void tick());
  }

  let loadedAt = 0;
  /** Reads the stored function configs (a standby's view of what the holder synced). */
  async function refreshFunctions() {
    functions = await loadFunctions(conn());
    loadedAt = Date.now();
  }

  /** Takes events and checkpoints (with the stored configs), without driving jobs: a standby. */
  async function open() {
    await refreshFunctions();
  }

  /**
   * Starts driving jobs: leasing them, calling the app, timers, admission. `releaseStaleLeases`:
   * every job lease in the table is a dead executor's (SQLite's single writer at start; a new
   * holder of the executor lease, lib/executor/lease.ts), so they are released to run now, not
   * after they expire.
   */
  async function drive(releaseStaleLeases = opts.singleWriter) {
    if (!stopped) return;
    if (releaseStaleLeases) await releaseAllLeases(conn());
    stopped = false;
    timer = setInterval(() => void tick(), opts.pollMs ?? 250);
    timer.unref();
    sweeper = setInterval(
      () =>
        void admitWaiting(conn(), now()).catch((e: Error) =>
          log("the concurrency admission sweep failed", { err: e }, "error"),
        ),
      5000,
    );
    sweeper.unref();
    cronTimer = setInterval(() => void fireCrons(), opts.cronPollMs ?? 1000);
    cronTimer.unref();
    void fireCrons();
    // Renews the leases of the calls in flight; kept through pause(), so those calls finish under their lease.
    heartbeat ??= setInterval(
      () =>
        void renewLeases(conn(), [...inFlight], now() + leaseMs).catch((e: Error) =>
          log("renewing the leases of jobs in flight failed", { err: e }, "error"),
        ),
      leaseMs / 3,
    );
    heartbeat.unref();
    kick();
  }

  async function start() {
    await open();
    await drive();
  }

  /** Stops taking jobs; the calls in flight go on (their results are committed). */
  function pause() {
    stopped = true;
    if (timer) clearInterval(timer);
    if (sweeper) clearInterval(sweeper);
    if (cronTimer) clearInterval(cronTimer);
    timer = sweeper = cronTimer = undefined;
  }

  /** Resolves once no call is in flight and every result is committed, or after `graceMs`; true if idle. */
  async function drain(graceMs = Infinity) {
    const until = Date.now() + graceMs;
    while (inFlight.size > 0 || flushing) {
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  /**
   * Stops for good: no new jobs, the calls in flight finish (at most `graceMs`: past it their
   * results are lost and their jobs run again once their leases run out or a new holder releases
   * them), then the connection closes.
   */
  async function stop(graceMs = Infinity) {
    pause();
    const idle = await drain(graceMs);
    if (!idle)
      log("stopping with calls still in flight; they run again elsewhere", { inFlight: inFlight.size }, "warn");
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    const s = sql;
    sql = undefined;
    await s?.close();
  }

  /**
   * Jobs due now (in flight included): the work this executor has not caught up with. Sleeping and
   * retrying runs wait for a later time and runs queued behind a concurrency key wait for their
   * turn: neither counts, so a flow full of day-long delays never holds up the others.
   */
  async function dueJobs(): Promise<number> {
    const rows = await conn().all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "ExecJob" WHERE "notBefore" <= ?`,
      [new Date(now()).toISOString()],
    );
    return Number(rows[0]?.n ?? 0);
  }

  return {
    start,
    open,
    drive,
    pause,
    drain,
    refreshFunctions,
    driving: () => !stopped,
    functionsLoadedAt: () => loadedAt,
    stop,
    sync,
    send,
    checkpoint,
    storeFunctions,
    register,
    routeCalls,
    kick,
    fireCrons,
    dueJobs,
    functions: () => functions,
    stats: () => ({ ...counts, inFlight: inFlight.size }),
  };
}
