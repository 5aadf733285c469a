// Everything that runs beside the HTTP server in each app process: the dispatcher and, in
// embedded mode, the executor with its API port. Started once per process from
// instrumentation.ts; singletons live on globalThis because Next evaluates modules per bundle.
import "server-only";
import { getDb, sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { startApiServer } from "@/lib/executor/api-server";
import { createExecutor, type Executor } from "@/lib/executor/executor";
import { leaseExecutor, type Lease } from "@/lib/executor/lease";
import { openExecSql } from "@/lib/sql/exec-sql";
import { embeddedConfig } from "@/lib/inngest/client";
import { errField, log } from "@/lib/observability/log";
import { setExecutorBacklog, startDispatcher, stopDispatcher } from "@/lib/runs/dispatcher";
import { startForesight, stopForesight } from "@/lib/foresight/job";
import { startHistoryJobs, stopHistoryJobs } from "@/lib/runs/history-jobs";
import { startWalCheckpointer } from "@/lib/wal-checkpointer";
import { engineProcess } from "@/lib/runs/engine-link";

type Background = {
  executor?: Executor;
  lease?: Lease;
  /** Set by stopBackground: a standby that wins the lease now must not start driving. */
  stopping?: boolean;
  closeApi?: () => Promise<void>;
  closeServe?: () => Promise<void>;
  /** This process serves the steps itself, on a loopback listener of its own (no steps process). */
  servesOwnSteps?: boolean;
  closeLeaseSql?: () => Promise<void>;
  stopCheckpoints?: () => Promise<void>;
};
const g = globalThis as unknown as {
  __hooklineBackground?: Background;
  __hooklineLeaseListener?: (held: boolean) => void;
};

/** Whether this process serves the steps itself (no steps process): the helper under load joins only then (scripts/steps-helper.ts). */
export const servesOwnSteps = (): boolean => Boolean(g.__hooklineBackground?.servesOwnSteps);

/** Sends this process's executor calls to another loopback endpoint of the app (the steps helper), or back to its own (undefined). */
export function routeStepCalls(url: string | undefined) {
  g.__hooklineBackground?.executor?.routeCalls(url);
}

export function executorStatus() {
  const bg = g.__hooklineBackground;
  const ex = bg?.executor;
  // Under `npm start` the executor runs in the engine process (scripts/engine-process.ts).
  const child = engineProcess();
  const embedded = env().executor === "embedded";
  const synced = ex ? ex.functions().length > 0 : child && embedded ? child.synced : null;
  // Whether this instance's executor drives the jobs (holds the lease) or stands by; null without one.
  const holdsLease = bg?.lease ? bg.lease.holding() : child && embedded ? Boolean(child.holdsLease) : null;
  return { mode: env().executor, synced, holdsLease, ...(child ? { process: "engine" as const } : {}) };
}

/** Tells `fn` whenever this process's executor takes or loses the lease (the engine process tells the web server). */
export function onLeaseChange(fn: (held: boolean) => void) {
  g.__hooklineLeaseListener = fn;
}

export async function startBackground() {
  if (g.__hooklineBackground) return;
  const bg: Background = {};
  g.__hooklineBackground = bg;
  const e = env();
  await getDb(); // fail fast on a bad DATABASE_URL
  // SQLite: the one connection that checkpoints the WAL, in a thread of its own.
  if (!usingPostgres()) bg.stopCheckpoints = startWalCheckpointer(sqliteFile(e.DATABASE_URL));
  if (e.executor === "embedded") {
    const { signingKey, eventKey } = embeddedConfig();
    // The executor calls the SDK on loopback only: the steps process's endpoint (HOOKLINE_SERVE_URL,
    // set by scripts/server.ts) or, in one process (HOOKLINE_ENGINE_PROCESS=off, `next dev`, an
    // engine process without a steps process), a listener of this process's own. Never the public
    // listener, which does not serve /api/inngest in embedded mode.
    let serveUrl = e.HOOKLINE_SERVE_URL;
    if (!serveUrl) {
      const { serveOnLoopback } = await import("@/lib/engine/serve-node");
      const own = await serveOnLoopback();
      bg.closeServe = own.close;
      bg.servesOwnSteps = true;
      serveUrl = own.url;
    }
    const executor = createExecutor({
      serveUrl,
      signingKey,
      getDb,
      singleWriter: !usingPostgres(),
      concurrency: e.HOOKLINE_EXECUTOR_CONCURRENCY,
    });
    const api = startApiServer(executor, { port: e.HOOKLINE_EXECUTOR_PORT, eventKey, signingKey });
    await api.listening;
    bg.executor = executor;
    bg.closeApi = api.close;
    // Every instance's executor takes events (the dispatcher's sends: runs and jobs go to the
    // database) and checkpoints; only the holder of the database's executor lease drives the jobs,
    // calling its own steps endpoint (lib/executor/lease.ts). So dispatch never depends on which
    // instance holds the lease, and a standby resumes every job from the database when it takes over.
    await executor.open();
    setExecutorBacklog(executor.dueJobs);
    const leaseSql = openExecSql(e.DATABASE_URL, 1);
    bg.closeLeaseSql = () => leaseSql.close();
    bg.lease = leaseExecutor(executor, {
      sql: leaseSql,
      serveUrl,
      shouldDrive: () => !bg.stopping,
      // The function table then names this holder's own steps endpoint (the executor calls only
      // its serveUrl in any case; a stored runtime.url is never used).
      onAcquire: () => void syncWhenServing(executor),
      onChange: (held) => g.__hooklineLeaseListener?.(held),
    });
    await bg.lease.ready;
    log("executor").info(
      { eventApi: `127.0.0.1:${e.HOOKLINE_EXECUTOR_PORT}`, serveUrl },
      "embedded executor started; it drives the steps endpoint while it holds the executor lease",
    );
  } else {
    log().info("external Inngest configured; the embedded executor is off");
  }
  startDispatcher();
  startHistoryJobs();
  // Payload drift and sender health: off the ingest path, every instance (a cursor shares the work).
  startForesight();
}

// register() runs before the HTTP server listens: retry the in-band sync until the app answers.
async function syncWhenServing(executor: Executor) {
  for (let i = 0; ; i++) {
    try {
      await executor.sync();
      return;
    } catch (err) {
      if (i === 240) {
        log("executor").error(errField(err), "could not sync the app's functions with the embedded executor");
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Stops the loops of this process (tests, graceful shutdown): no new runs or jobs; the calls in
 * flight get `graceMs` to finish (their results are committed), and the executor lease is renewed
 * meanwhile, then released, so a standby takes over at once instead of after the lease's TTL.
 */
export async function stopBackground(graceMs = env().HOOKLINE_SHUTDOWN_GRACE_SECONDS * 1000) {
  const bg = g.__hooklineBackground;
  g.__hooklineBackground = undefined;
  if (bg) bg.stopping = true;
  stopDispatcher();
  setExecutorBacklog(undefined);
  stopHistoryJobs();
  stopForesight();
  bg?.executor?.pause();
  await bg?.executor?.drain(graceMs);
  await bg?.lease?.stop(true);
  await bg?.closeLeaseSql?.();
  await bg?.executor?.stop(0);
  await bg?.closeApi?.();
  await bg?.closeServe?.();
  await bg?.stopCheckpoints?.();
}

/** Resolves once the embedded executor has synced the app's functions. */
export async function executorSynced(timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!g.__hooklineBackground?.executor?.functions().length) {
    if (Date.now() > until) throw new Error("the embedded executor did not sync in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
