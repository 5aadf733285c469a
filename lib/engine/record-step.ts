// Records one attempt of one step as a StepRun: input before it runs (so a hanging step shows
// what it was sent), then output or error. Step ids are node ids, or "<node id>#<index>" for the
// nodes of a loop's body (nested loops: "#<outer>.<inner>").
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";

export const errorJson = (e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
};

export type StepKey = { runId: string; nodeId: string; nodeType: string; attempt: number };

const whereOf = (key: StepKey) => ({ runId_nodeId_attempt: { runId: key.runId, nodeId: key.nodeId, attempt: key.attempt } });
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function recordStep<T>(key: StepKey, input: unknown, run: () => Promise<T>): Promise<T> {
  const db = await getDb();
  const where = whereOf(key);
  const startedAt = new Date();
  const inputJson = json(input);
  await db.stepRun.upsert({
    where,
    create: { id: newId("step"), ...key, status: "running", input: inputJson, startedAt },
    update: { status: "running", input: inputJson, startedAt, output: null, error: null, finishedAt: null },
  });
  try {
    const output = await run();
    await db.stepRun.update({ where, data: { status: "succeeded", output: JSON.stringify(output ?? null), finishedAt: new Date() } });
    return output;
  } catch (e) {
    await db.stepRun.update({ where, data: { status: "failed", error: JSON.stringify(errorJson(e)), finishedAt: new Date() } });
    throw e;
  }
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
