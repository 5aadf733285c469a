// Records one attempt of one step as a StepRun: its input, then its output or error. Step ids are
// node ids, or "<node id>#<index>" for the nodes of a loop's body (nested loops: "#<outer>.<inner>").
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { Params } from "@/lib/sql/exec-sql";
import { bookWrite, type RowWrite } from "./book";

export const errorJson = (e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
};

export type StepKey = { runId: string; nodeId: string; nodeType: string; attempt: number };

const SET_ALL = ["status", "input", "output", "error", "startedAt", "finishedAt"]
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ");
const whereOf = (key: StepKey) => ({
  runId_nodeId_attempt: { runId: key.runId, nodeId: key.nodeId, attempt: key.attempt },
});
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

// Through the engine's group-committed bookkeeping connection (book.ts): the whole row, one row or
// (PostgreSQL, several in one flush) many over arrays, with what to do when (run, node, attempt)
// already has a record.
const STEP_COLUMNS =
  '"id", "runId", "nodeId", "nodeType", "attempt", "status", "input", "output", "error", "startedAt", "finishedAt"';
const STEP_ARRAYS =
  "$1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamp(3)[], $11::timestamp(3)[]";
const stepWrite = (onConflict: string, sameRow: RowWrite["sameRow"]): RowWrite => ({
  one: `INSERT INTO "StepRun" (${STEP_COLUMNS}) VALUES (${Array(11).fill("?").join(", ")}) ON CONFLICT ("runId", "nodeId", "attempt") ${onConflict}`,
  many: `INSERT INTO "StepRun" (${STEP_COLUMNS}) SELECT * FROM unnest(${STEP_ARRAYS}) ON CONFLICT ("runId", "nodeId", "attempt") ${onConflict}`,
  row: (params: Params) => `StepRun\0${String(params[1])}\0${String(params[2])}\0${String(params[4])}`,
  sameRow,
});
/** A step's record: the last write wins (both of a step's writes set every column). */
export const WRITE_STEP = stepWrite(`DO UPDATE SET ${SET_ALL}`, "last");
/** The trigger's record: written once, whatever the number of calls (a conflict keeps the first). */
export const RECORD_ONCE = stepWrite("DO NOTHING", "first");

/**
 * A step still running after this long is recorded as running, with its input, so a slow or
 * hanging step shows what it was sent. A faster one (most of them) is recorded once, finished:
 * one write per step instead of two.
 */
export const SHOW_RUNNING_AFTER_MS = 250;

/** Now, or the start if a walk's step clock has run ahead of now (a finish never precedes its start). */
const finishedAfter = (startedAt: Date) => new Date(Math.max(Date.now(), startedAt.getTime()));

/** When a step began: `startedAt` orders a run's steps, so a walk passes strictly increasing ones (run-flow.ts). */
export async function recordStep<T>(
  key: StepKey,
  input: unknown,
  run: () => Promise<T>,
  startedAt = new Date(),
): Promise<T> {
  const inputJson = json(input);
  const row = [key.runId, key.nodeId, key.nodeType, key.attempt];
  // Writes are applied in the order they are queued (book.ts), so the finish always lands last.
  const showRunning = setTimeout(() => {
    bookWrite(WRITE_STEP, [newId("step"), ...row, "running", inputJson, null, null, startedAt, null]).catch(
      () => undefined,
    ); // the finish writes the whole row again
  }, SHOW_RUNNING_AFTER_MS);
  const finish = (status: string, output: string | null, error: string | null) => {
    clearTimeout(showRunning);
    return bookWrite(WRITE_STEP, [
      newId("step"),
      ...row,
      status,
      inputJson,
      output,
      error,
      startedAt,
      finishedAfter(startedAt),
    ]);
  };
  let output: T;
  try {
    output = await run();
  } catch (e) {
    await finish("failed", null, JSON.stringify(errorJson(e)));
    throw e;
  }
  await finish("succeeded", JSON.stringify(output ?? null), null);
  return output;
}

/**
 * Work that is not a durable step but is recorded as one (the trigger): it runs on every call of
 * the run, and its outcome is written once, in one statement, when it is first known.
 */
export async function recordOnce<T>(key: StepKey, run: () => Promise<T>, startedAt = new Date()): Promise<T> {
  const record = (status: string, output: string | null, error: string | null) =>
    bookWrite(RECORD_ONCE, [
      newId("step"),
      key.runId,
      key.nodeId,
      key.nodeType,
      key.attempt,
      status,
      null,
      output,
      error,
      startedAt,
      finishedAfter(startedAt),
    ]);
  let output: T;
  try {
    output = await run();
  } catch (e) {
    await record("failed", null, JSON.stringify(errorJson(e)));
    throw e;
  }
  await record("succeeded", JSON.stringify(output ?? null), null);
  return output;
}

/** A step of a retry-from-failure run that takes the recorded result of the run it retries. */
export async function recordReused(
  key: StepKey,
  prev: { input: string | null; output: string | null; fromRunId: string },
  at = new Date(),
): Promise<void> {
  const db = await getDb();
  const data = {
    status: "succeeded",
    input: prev.input,
    output: prev.output,
    reusedFromRunId: prev.fromRunId,
    startedAt: at,
    finishedAt: at,
  };
  await db.stepRun.upsert({ where: whereOf(key), create: { id: newId("step"), ...key, ...data }, update: data });
}

/** A delay: recorded as "sleeping" when the sleep starts (once), "succeeded" when it ends. */
export async function recordSleep(
  key: StepKey,
  input: unknown,
  startedAt = new Date(),
): Promise<"new" | "sleeping" | "done"> {
  const db = await getDb();
  const found = await db.stepRun.findUnique({ where: whereOf(key), select: { status: true } });
  if (found) return found.status === "sleeping" ? "sleeping" : "done";
  await db.stepRun.create({ data: { id: newId("step"), ...key, status: "sleeping", input: json(input), startedAt } });
  return "new";
}

export async function recordWake(key: StepKey, output: unknown): Promise<void> {
  const db = await getDb();
  await db.stepRun.updateMany({
    where: { ...key, status: "sleeping" },
    data: { status: "succeeded", output: json(output), finishedAt: new Date() },
  });
}
