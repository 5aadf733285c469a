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

export async function createRuns(db: Db, functions: FunctionConfig[], event: InngestEvent, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const fn of functions) {
    const step = Object.values(fn.steps)[0];
    const maxAttempts = (step?.retries?.attempts ?? 3) + 1;
    const id = newId("xrun");
    try {
      await db.execRun.create({
        data: {
          id,
          functionId: fn.id,
          eventId: event.id,
          event: JSON.stringify(event),
          maxAttempts,
          jobs: { create: { id: newId("job"), kind: "call", stepId: DISCOVERY, notBefore: now } },
        },
      });
      ids.push(id);
    } catch (e) {
      // The same event id already started this function: Inngest's event idempotency.
      if ((e as { code?: string }).code !== "P2002") throw e;
    }
  }
  return ids;
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
