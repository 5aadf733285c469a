// One embedded executor per database: the ExecutorLease row names the instance that drives jobs.
// Every instance ingests, dispatches (its executor's event API writes runs and jobs to the shared
// tables whether or not it holds the lease) and serves the UI; only the holder leases jobs and
// calls its own steps endpoint. The holder renews the row every RENEW_MS; a standby tries to take
// it every STANDBY_POLL_MS and succeeds once its expiry has passed (the holder died) or the row is
// gone (the holder released it on a graceful shutdown). Expiry is judged by the database's clock,
// so instances on machines with skewed clocks agree. A holder that cannot renew (its row was
// taken, or the database did not answer before its own deadline) stops driving at once: it never
// drives past the moment a standby may have taken over.
import os from "node:os";
import { randomBytes } from "node:crypto";
import type { ExecSql } from "@/lib/sql/exec-sql";
import { executorLog, type Executor, type ExecutorLog } from "./executor";

/** The one row per database. */
export const LEASE_ID = "embedded";
/**
 * A holder's lease lasts this long past its last renewal. With renewals every 2 s and a standby
 * polling every second, a dead holder is replaced within TTL + poll = 9 s. Not shorter: the engine
 * process runs at the lowest CPU priority (scripts/server.ts), and a webhook flood can starve it of
 * the CPU for seconds; a lease lost to a stall re-runs the steps in flight (at-least-once).
 */
export const LEASE_TTL_MS = 8_000;
export const RENEW_MS = 2_000;
export const STANDBY_POLL_MS = 1_000;

/** An instance id: new at every start, so a restarted instance never mistakes the old row for its own. */
export const newHolderId = () => `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

const dbNow = (sql: ExecSql) => (sql.postgres ? `(now() AT TIME ZONE 'UTC')` : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`);
const dbLater = (sql: ExecSql) =>
  sql.postgres
    ? `((now() AT TIME ZONE 'UTC') + (?::int * interval '1 millisecond'))`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)`;
const ttlParam = (sql: ExecSql, ttlMs: number) => (sql.postgres ? ttlMs : `+${(ttlMs / 1000).toFixed(3)} seconds`);

/**
 * Takes or renews the lease for `holder`: succeeds when the row is free, expired or already
 * `holder`'s; one statement, so of concurrent callers exactly one wins. `previous` is who held it
 * before (null: nobody, or the row had been released), so a new holder knows whether the job
 * leases in the table are its own.
 */
export async function acquireLease(
  sql: ExecSql,
  holder: string,
  serveUrl: string,
  ttlMs = LEASE_TTL_MS,
): Promise<{ held: boolean; previous: string | null }> {
  return sql.tx(async (q) => {
    const before = await q.all<{ holder: string }>(`SELECT "holder" FROM "ExecutorLease" WHERE "id" = ?`, [LEASE_ID]);
    const won = await q.all<{ holder: string }>(
      `INSERT INTO "ExecutorLease" ("id", "holder", "serveUrl", "acquiredAt", "expiresAt") VALUES (?, ?, ?, ${dbNow(sql)}, ${dbLater(sql)})
       ON CONFLICT ("id") DO UPDATE SET "holder" = excluded."holder", "serveUrl" = excluded."serveUrl", "expiresAt" = excluded."expiresAt",
         "acquiredAt" = CASE WHEN "ExecutorLease"."holder" = excluded."holder" THEN "ExecutorLease"."acquiredAt" ELSE excluded."acquiredAt" END
       WHERE "ExecutorLease"."holder" = excluded."holder" OR "ExecutorLease"."expiresAt" < excluded."acquiredAt"
       RETURNING "holder"`,
      [LEASE_ID, holder, serveUrl, ttlParam(sql, ttlMs)],
    );
    return { held: won[0]?.holder === holder, previous: before[0]?.holder ?? null };
  });
}

/** Gives the lease up (graceful shutdown): a standby takes it at its next poll instead of after the TTL. */
export async function releaseLease(sql: ExecSql, holder: string) {
  await sql.tx((q) => q.run(`DELETE FROM "ExecutorLease" WHERE "id" = ? AND "holder" = ?`, [LEASE_ID, holder]));
}

/** Who holds the lease now (null: nobody, or it has expired). */
export async function leaseHolder(sql: ExecSql): Promise<{ holder: string; serveUrl: string } | null> {
  const rows = await sql.all<{ holder: string; serveUrl: string }>(
    `SELECT "holder", "serveUrl" FROM "ExecutorLease" WHERE "id" = ? AND "expiresAt" >= ${dbNow(sql)}`,
    [LEASE_ID],
  );
  return rows[0] ?? null;
}

export type LeaseOptions = {
  sql: ExecSql;
  serveUrl: string;
  holder?: string;
  ttlMs?: number;
  renewMs?: number;
  standbyPollMs?: number;
  /** Now the holder: `previous` held it before (another instance: its job leases are stale). */
  onAcquire: (previous: string | null) => Promise<void> | void;
  /** No longer the holder (taken over, or not renewed in time): stop driving jobs now. */
  onLose: () => Promise<void> | void;
  /** Each standby poll that did not win (e.g. to refresh the function configs). */
  onStandby?: () => Promise<void> | void;
  log?: ExecutorLog;
};

/** The lease loop of one instance: holder or standby until stop(). */
export function startLease(opts: LeaseOptions) {
  const holder = opts.holder ?? newHolderId();
  const ttlMs = opts.ttlMs ?? LEASE_TTL_MS;
  const renewMs = opts.renewMs ?? RENEW_MS;
  const pollMs = opts.standbyPollMs ?? STANDBY_POLL_MS;
  const log = opts.log ?? executorLog;
  let holding = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  /** Serializes acquire/lose callbacks with the loop, so a lose never overtakes the acquire before it. */
  let transitions: Promise<void> = Promise.resolve();

  const transition = (fn: () => Promise<void> | void) =>
    (transitions = transitions
      .then(fn)
      .catch((e: Error) => log("an executor lease transition failed", { err: e }, "error")));

  function lose(why: string) {
    if (!holding) return;
    holding = false;
    if (deadline) clearTimeout(deadline);
    log("lost the executor lease; standing by", { holder, why }, "warn");
    return transition(opts.onLose);
  }

  async function step() {
    // Measured before the statement: the database's expiry is at least this far away when it succeeds.
    const startedAt = Date.now();
    try {
      const { held, previous } = await acquireLease(opts.sql, holder, opts.serveUrl, ttlMs);
      if (stopped) return;
      if (held) {
        if (deadline) clearTimeout(deadline);
        // Our own clock's bound: past it a standby may hold the lease, whatever we have heard.
        deadline = setTimeout(() => void lose("not renewed in time"), Math.max(0, startedAt + ttlMs - Date.now()));
        deadline.unref();
        if (!holding) {
          holding = true;
          log("holds the executor lease", {
            holder,
            ...(previous && previous !== holder ? { takenOverFrom: previous } : {}),
          });
          await transition(() => opts.onAcquire(previous === holder ? null : previous));
        }
      } else if (holding) await lose("taken over");
      else await opts.onStandby?.();
    } catch (e) {
      // The database did not answer: the deadline timer stops a holder in time.
      log("the executor lease could not be taken or renewed", { holder, err: e }, "error");
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(
      () => {
        current = step().finally(schedule);
      },
      holding ? renewMs : pollMs,
    );
    timer.unref();
  }

  current = step().finally(schedule);
  const ready = current.then(() => transitions);

  return {
    holder,
    /** The first attempt is over (and, if it won, the holder is driving). */
    ready,
    holding: () => holding,
    /** Stops the loop; `release`: the holder gives the row up (call once its jobs are done). */
    async stop(release = true) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
      await transitions;
      if (deadline) clearTimeout(deadline);
      const was = holding;
      holding = false;
      if (release && was)
        await releaseLease(opts.sql, holder).catch((e: Error) =>
          log("could not release the executor lease", { holder, err: e }, "warn"),
        );
    },
  };
}

export type Lease = ReturnType<typeof startLease>;

/** How long a standby trusts the function configs it read before it reads them again. */
const STANDBY_REFRESH_MS = 5_000;

/**
 * Puts `executor` (opened: taking events and checkpoints) under the lease: it drives jobs while
 * this instance holds the lease and pauses when it loses it; as a standby it keeps the function
 * configs the holder synced fresh, so the events it takes start the right runs. `onAcquire` runs
 * once it drives (e.g. the in-band sync, which stores this holder's own steps endpoint), and
 * `shouldDrive() === false` (shutting down) keeps a won lease idle until it is released.
 */
export function leaseExecutor(
  executor: Executor,
  opts: Omit<LeaseOptions, "onAcquire" | "onLose" | "onStandby"> & {
    onChange?: (held: boolean) => void;
    onAcquire?: () => void;
    shouldDrive?: () => boolean;
  },
) {
  return startLease({
    ...opts,
    onAcquire: async () => {
      if (opts.shouldDrive && !opts.shouldDrive()) return;
      // The job leases in the table are the last holder's, which is gone (or no longer drives): they run now.
      await executor.drive(true);
      opts.onAcquire?.();
      opts.onChange?.(true);
    },
    onLose: () => {
      executor.pause();
      opts.onChange?.(false);
    },
    onStandby: async () => {
      if (executor.functions().length === 0 || Date.now() - executor.functionsLoadedAt() > STANDBY_REFRESH_MS)
        await executor.refreshFunctions();
    },
  });
}
