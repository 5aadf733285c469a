// Records one attempt of one step as a StepRun: input before it runs (so a hanging step shows
// what it was sent), then output or error. Step ids are node ids, or "<node id>#<index>" for the
// nodes of a loop's body (nested loops: "#<outer>.<inner>").
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { bookWrite } from "./book";

export const errorJson = (e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
};

export type StepKey = { runId: string; nodeId: string; nodeType: string; attempt: number };

const whereOf = (key: StepKey) => ({ runId_nodeId_attempt: { runId: key.runId, nodeId: key.nodeId, attempt: key.attempt } });
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

// Raw SQL through the engine's group-committed bookkeeping connection (book.ts).
const START_STEP =
  'INSERT INTO "StepRun" ("id", "runId", "nodeId", "nodeType", "attempt", "status", "input", "startedAt") VALUES (?, ?, ?, ?, ?, \'running\', ?, ?) ' +
  'ON CONFLICT ("runId", "nodeId", "attempt") DO UPDATE SET "status" = \'running\', "input" = excluded."input", "startedAt" = excluded."startedAt", "output" = NULL, "error" = NULL, "finishedAt" = NULL';
const FINISH_STEP = 'UPDATE "StepRun" SET "status" = ?, "output" = ?, "error" = ?, "finishedAt" = ? WHERE "runId" = ? AND "nodeId" = ? AND "attempt" = ?';

export async function recordStep<T>(key: StepKey, input: unknown, run: () => Promise<T>): Promise<T> {
  const keyParams = [key.runId, key.nodeId, key.attempt];
  await bookWrite(START_STEP, [newId("step"), key.runId, key.nodeId, key.nodeType, key.attempt, json(input), new Date()]);
  try {
    const output = await run();
    await bookWrite(FINISH_STEP, ["succeeded", JSON.stringify(output ?? null), null, new Date(), ...keyParams]);
    return output;
  } catch (e) {
    await bookWrite(FINISH_STEP, ["failed", null, JSON.stringify(errorJson(e)), new Date(), ...keyParams]);
    throw e;
  }
}

const RECORD_DONE =
  'INSERT INTO "StepRun" ("id", "runId", "nodeId", "nodeType", "attempt", "status", "output", "error", "startedAt", "finishedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
  'ON CONFLICT ("runId", "nodeId", "attempt") DO NOTHING';

/**
 * Work that is not a durable step but is recorded as one (the trigger): it runs on every call of
 * the run, and its outcome is written once, in one statement, when it is first known.
 */
export async function recordOnce<T>(key: StepKey, run: () => Promise<T>): Promise<T> {
  const startedAt = new Date();
  const record = (status: string, output: string | null, error: string | null) =>
    bookWrite(RECORD_DONE, [newId("step"), key.runId, key.nodeId, key.nodeType, key.attempt, status, output, error, startedAt, new Date()]);
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
export async function recordReused(key: StepKey, prev: { input: string | null; output: string | null; fromRunId: string }): Promise<void> {
  const db = await getDb();
  const now = new Date();
  const data = { status: "succeeded", input: prev.input, output: prev.output, reusedFromRunId: prev.fromRunId, startedAt: now, finishedAt: now };
  await db.stepRun.upsert({ where: whereOf(key), create: { id: newId("step"), ...key, ...data }, update: data });
}

/** A delay: recorded as "sleeping" when the sleep starts (once), "succeeded" when it ends. */
export async function recordSleep(key: StepKey, input: unknown): Promise<"new" | "sleeping" | "done"> {
  const db = await getDb();
  const found = await db.stepRun.findUnique({ where: whereOf(key), select: { status: true } });
  if (found) return found.status === "sleeping" ? "sleeping" : "done";
  await db.stepRun.create({ data: { id: newId("step"), ...key, status: "sleeping", input: json(input), startedAt: new Date() } });
  return "new";
}

export async function recordWake(key: StepKey, output: unknown): Promise<void> {
  const db = await getDb();
  await db.stepRun.updateMany({ where: { ...key, status: "sleeping" }, data: { status: "succeeded", output: json(output), finishedAt: new Date() } });
}
