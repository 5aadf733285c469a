// Records one attempt of one node as a StepRun: input before it runs (so a hanging step shows
// what it was sent), then output or error.
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";

export const errorJson = (e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
};

export async function recordStep<T>(
  key: { runId: string; nodeId: string; nodeType: string; attempt: number },
  input: unknown,
  run: () => Promise<T>,
): Promise<T> {
  const db = await getDb();
  const where = { runId_nodeId_attempt: { runId: key.runId, nodeId: key.nodeId, attempt: key.attempt } };
  const startedAt = new Date();
  const inputJson = input === undefined ? null : JSON.stringify(input);
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
