// The executor's durable state: runs, memoized steps and a leased job queue, all in the database.
// Every transition happens in one transaction that first locks the run row, so concurrent
// completions of parallel steps never lose a memo or a "what next" decision.
import type { Db, Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { DISCOVERY, type FunctionConfig, type InngestEvent } from "./protocol";

export type Job = { id: string; runId: string; kind: string; stepId: string; attempt: number; notBefore: Date };
export type NewJob = { kind: "call" | "sleep"; stepId: string; attempt: number; notBefore: Date };

export type Outcome = {
  /** Memoized step results to add: result is {data} | {error} | null (finished sleep). */
  memos?: { stepId: string; result: unknown }[];
  jobs?: NewJob[];
  disableImmediate?: boolean;
  sdkVersion?: number;
  finish?: { status: "completed" | "failed"; output?: unknown; error?: unknown };
};

export const LEASE_MS = 5 * 60_000;

/**
 * Starts a run of `fn` for each event, in two statements whatever the count: the runs (an event id
 * starts a function at most once: Inngest's event idempotency, via the unique index) and the first
 * call job of each run actually inserted. One transaction, so a run never exists without its job.
 */
export async function createRuns(db: Db, postgres: boolean, starts: { fn: FunctionConfig; event: InngestEvent }[], now: Date) {
  if (starts.length === 0) return;
  let n = 0;
  const p = () => (postgres ? `$${++n}` : "?");
  const runs = starts.map(({ fn, event }) => {
    const step = Object.values(fn.steps)[0];
    return [newId("xrun"), fn.id, event.id, JSON.stringify(event), (step?.retries?.attempts ?? 3) + 1, now, now];
  });
  const runValues = runs.map(() => `(${[p(), p(), p(), p(), p(), p(), p()].join(", ")})`).join(", ");
  const insertRuns = db.$executeRawUnsafe(
    `INSERT INTO "ExecRun" ("id", "functionId", "eventId", "event", "maxAttempts", "createdAt", "updatedAt") VALUES ${runValues}
     ON CONFLICT ("functionId", "eventId") DO NOTHING`,
    ...runs.flat(),
  );
  n = 0;
  // Placeholders in the order of the arguments (SQLite's "?" are positional).
  const [notBefore, createdAt, ...ids] = [p(), p(), ...runs.map(() => p())];
  // The discovery job's id derives from its run's, so the statement needs no per-row input.
  const insertJobs = db.$executeRawUnsafe(
    `INSERT INTO "ExecJob" ("id", "runId", "kind", "stepId", "attempt", "notBefore", "createdAt")
     SELECT "id" || ':start', "id", 'call', '${DISCOVERY}', 0, ${notBefore}, ${createdAt} FROM "ExecRun" WHERE "id" IN (${ids.join(", ")})`,
    now,
    now,
    ...runs.map((r) => r[0]),
  );
  await db.$transaction([insertRuns, insertJobs]);
}

/**
 * Leases up to `limit` due jobs. PostgreSQL: one statement with FOR UPDATE SKIP LOCKED, so any
 * number of executors share the queue. SQLite: one executor per file (the single writer), so
 * what it selects is its own.
 */
export async function leaseDueJobs(db: Db, now: Date, limit: number, exclude: Set<string>, postgres: boolean): Promise<Job[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  if (postgres) {
    return db.$queryRawUnsafe<Job[]>(
      `UPDATE "ExecJob" SET "leaseUntil" = $1 WHERE "id" IN (
         SELECT "id" FROM "ExecJob" WHERE "notBefore" <= $2 AND ("leaseUntil" IS NULL OR "leaseUntil" < $2) AND NOT ("id" = ANY($3::text[]))
         ORDER BY "notBefore" LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING "id", "runId", "kind", "stepId", "attempt", "notBefore"`,
      until,
      now,
      [...exclude],
      limit,
    );
  }
  const due = await db.execJob.findMany({
    where: { notBefore: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }], id: { notIn: [...exclude] } },
    orderBy: { notBefore: "asc" },
    take: limit,
    select: { id: true, runId: true, kind: true, stepId: true, attempt: true, notBefore: true },
  });
  if (due.length > 0) await db.execJob.updateMany({ where: { id: { in: due.map((j) => j.id) } }, data: { leaseUntil: until } });
  return due;
}

/** After a crash on SQLite (one executor per file), nothing is really leased any more. */
export async function releaseAllLeases(db: Db) {
  await db.execJob.updateMany({ where: { leaseUntil: { not: null } }, data: { leaseUntil: null } });
}

/** Puts a job back for later without counting an attempt (the app was unreachable). */
export async function postpone(db: Db, jobId: string, notBefore: Date) {
  await db.execJob.updateMany({ where: { id: jobId }, data: { leaseUntil: null, notBefore } });
}

export async function loadRunForCall(db: Db, runId: string) {
  const run = await db.execRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const steps = await db.execStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  return { run, steps };
}

/** Applies what one job produced. Returns false when the job was already handled elsewhere. */
export async function completeJob(db: Db, job: Job, outcome: Outcome, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Lock the run first (row lock on PostgreSQL, the write lock on SQLite).
    const locked = await tx.execRun.updateMany({
      where: { id: job.runId, status: "running" },
      data: {
        updatedAt: now,
        ...(outcome.disableImmediate ? { disableImmediate: true } : {}),
        ...(outcome.sdkVersion !== undefined ? { sdkVersion: outcome.sdkVersion } : {}),
      },
    });
    const { count } = await tx.execJob.deleteMany({ where: { id: job.id } });
    if (locked.count === 0 || count === 0) return false;

    for (const memo of outcome.memos ?? []) await addMemo(tx, job.runId, memo.stepId, memo.result);

    if (outcome.finish) {
      await tx.execRun.update({
        where: { id: job.runId },
        data: {
          status: outcome.finish.status,
          output: outcome.finish.output === undefined ? null : JSON.stringify(outcome.finish.output),
          error: outcome.finish.error === undefined ? null : JSON.stringify(outcome.finish.error),
          finishedAt: now,
        },
      });
      await tx.execJob.deleteMany({ where: { runId: job.runId } });
      return true;
    }

    if (outcome.jobs?.length) {
      await tx.execJob.createMany({ data: outcome.jobs.map((j) => ({ id: newId("job"), runId: job.runId, ...j })) });
    } else if ((await tx.execJob.count({ where: { runId: job.runId } })) === 0) {
      // Nothing in flight and nothing planned: ask the SDK what comes next.
      await tx.execJob.create({ data: { id: newId("job"), runId: job.runId, kind: "call", stepId: DISCOVERY, notBefore: now } });
    }
    return true;
  });
}

async function addMemo(tx: Tx, runId: string, stepId: string, result: unknown) {
  const exists = await tx.execStep.findUnique({ where: { runId_stepId: { runId, stepId } }, select: { seq: true } });
  if (!exists) await tx.execStep.create({ data: { runId, stepId, result: JSON.stringify(result) } });
}
