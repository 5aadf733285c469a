// The embedded executor's run creation: many events in two statements, and an event id starts a
// function at most once (a dispatcher re-send after a crash must not start a second run).
import { describe, expect, inject, it } from "vitest";
import { getDb, usingPostgres } from "@/lib/db";
import { createRuns } from "@/lib/executor/store";

const fn = (id: string) => ({ id, triggers: [{ event: "demo/ping" }], steps: { step: { runtime: { url: "http://127.0.0.1:1/api/inngest" }, retries: { attempts: 2 } } } });
const event = (id: string) => ({ id, name: "demo/ping", data: { id }, ts: 1 });

describe(`executor run creation (${inject("database")})`, () => {
  it("creates one run and one discovery job per new event, and ignores event ids already started", async () => {
    const db = await getDb();
    const f = fn(`fn-${Date.now()}`);
    await createRuns(db, usingPostgres(), [{ fn: f, event: event("a") }, { fn: f, event: event("b") }], new Date());
    await createRuns(db, usingPostgres(), [{ fn: f, event: event("b") }, { fn: f, event: event("c") }], new Date());
    const runs = await db.execRun.findMany({ where: { functionId: f.id }, include: { jobs: true }, orderBy: { eventId: "asc" } });
    expect(runs.map((r) => [r.eventId, r.maxAttempts, r.status, r.jobs.length])).toEqual([
      ["a", 3, "running", 1],
      ["b", 3, "running", 1],
      ["c", 3, "running", 1],
    ]);
    expect(runs.flatMap((r) => r.jobs.map((j) => [j.kind, j.stepId, j.attempt]))).toEqual(Array(3).fill(["call", "step", 0]));
    expect(JSON.parse(runs[0]!.event)).toMatchObject({ id: "a", name: "demo/ping" });
  });
});
