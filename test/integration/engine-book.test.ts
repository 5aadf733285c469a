// The engine's bookkeeping writes (lib/engine/book.ts), on SQLite and on PostgreSQL: the writes
// of one flush are applied in the order they were queued, row by row, and on PostgreSQL the
// writes of one family (step records, run statuses) go as one statement over arrays.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { bookStats, bookWrite, closeBook } from "@/lib/engine/book";
import { RECORD_ONCE, WRITE_STEP } from "@/lib/engine/record-step";
import { setRunStatus } from "@/lib/engine/run-flow";
import { createFlow } from "@/lib/flows/create-flow";
import { newId } from "@/lib/ids";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

const postgres = inject("database") === "postgres";
let ws: string;
let flowId: string;

beforeAll(async () => {
  ws = await currentWorkspaceId();
  flowId = (await createFlow(ws, { name: `book (${inject("database")})` })).id;
});
afterAll(async () => {
  await closeBook();
});

async function newRun(status = "queued") {
  const id = newId("run");
  await (await getDb()).run.create({ data: { id, workspaceId: ws, flowId, status } });
  return id;
}

const step = (runId: string, nodeId: string, status: string, output: unknown, at = new Date()) => [
  newId("step"),
  runId,
  nodeId,
  "http",
  0,
  status,
  '{"in":1}',
  output === null ? null : JSON.stringify(output),
  null,
  at,
  status === "running" ? null : at,
];
const once = (runId: string, output: unknown) => [
  newId("step"),
  runId,
  "trigger",
  "webhook",
  0,
  "succeeded",
  null,
  JSON.stringify(output),
  null,
  new Date(),
  new Date(),
];

describe(`engine bookkeeping writes (${inject("database")})`, () => {
  it("applies one flush's writes to each row in the order they were queued", async () => {
    const runId = await newRun();
    const before = { ...bookStats };
    // All queued in one event-loop turn: one flush.
    await Promise.all([
      bookWrite(WRITE_STEP, step(runId, "n1", "running", null)),
      setRunStatus(runId, ["queued"], "running", { started: new Date() }),
      bookWrite(WRITE_STEP, step(runId, "n1", "succeeded", { ok: 1 })),
      bookWrite(WRITE_STEP, step(runId, "n2", "failed", null)),
      bookWrite(RECORD_ONCE, once(runId, { first: true })),
      bookWrite(RECORD_ONCE, once(runId, { first: false })),
      setRunStatus(runId, ["running"], "failed", { finished: new Date(), error: "n2 failed" }),
      // Not applied: the run is no longer queued.
      setRunStatus(runId, ["queued"], "running", { started: new Date(0) }),
    ]);
    const db = await getDb();
    const run = await db.run.findUniqueOrThrow({
      where: { id: runId },
      include: { steps: { orderBy: { nodeId: "asc" } } },
    });
    expect(run.status).toBe("failed");
    expect(run.error).toBe("n2 failed");
    expect(run.startedAt!.getTime()).toBeGreaterThan(0);
    expect(run.finishedAt).not.toBeNull();
    expect(run.steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
      ["n1", "succeeded", '{"ok":1}'],
      ["n2", "failed", null],
      ["trigger", "succeeded", '{"first":true}'],
    ]);
    expect(run.steps[0]!.input).toBe('{"in":1}');
    expect(run.steps[0]!.finishedAt).not.toBeNull();

    expect(bookStats.writes - before.writes).toBe(8);
    // PostgreSQL: the step writes as one statement (n1's last write only), the trigger's two as one,
    // then each run status write on its own (they touch one row, in order). SQLite: one each.
    expect(bookStats.statements - before.statements).toBe(postgres ? 5 : 8);
  });

  it("writes the statuses of many runs in one statement, each only from its allowed statuses", async () => {
    const ids = await Promise.all([newRun("running"), newRun("running"), newRun("running"), newRun("cancelled")]);
    const before = { ...bookStats };
    const finished = new Date();
    await Promise.all(
      ids.map((id) => setRunStatus(id, ["running", "sleeping"], "succeeded", { finished, error: null })),
    );
    const rows = await (
      await getDb()
    ).run.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, finishedAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)!.status)).toEqual(["succeeded", "succeeded", "succeeded", "cancelled"]);
    expect(byId.get(ids[0]!)!.finishedAt!.getTime()).toBe(finished.getTime());
    expect(byId.get(ids[3]!)!.finishedAt).toBeNull();
    expect(bookStats.statements - before.statements).toBe(postgres ? 1 : 4);
  });

  it("applies the good writes of a flush when one of them fails, and reports the bad one", async () => {
    const runId = await newRun("running");
    const results = await Promise.allSettled([
      bookWrite(WRITE_STEP, step(runId, "ok_1", "succeeded", 1)),
      bookWrite(WRITE_STEP, step("run_does_not_exist", "bad", "succeeded", 2)), // foreign key
      bookWrite(WRITE_STEP, step(runId, "ok_2", "succeeded", 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const steps = await (
      await getDb()
    ).stepRun.findMany({ where: { runId }, orderBy: { nodeId: "asc" }, select: { nodeId: true } });
    expect(steps.map((s) => s.nodeId)).toEqual(["ok_1", "ok_2"]);
  });
});
