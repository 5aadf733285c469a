// The embedded executor honours what the SDK registers: concurrency keys (FIFO per key, parallel
// across keys), cancelOn, onFailure, retries with backoff and Retry-After, parallel steps and
// sleeps that survive a restart. Real SDK over signed HTTP, real database, a test clock.
import { NonRetriableError, RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { offsetClock } from "@/lib/executor/clock";
import { startExecutorHarness, until, type ExecutorHarness } from "../support/executor-harness";

const clock = offsetClock();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

// What the functions saw, in the order they saw it.
const ordered: { key: string; n: number; phase: "start" | "end" }[] = [];
const active = new Map<string, number>();
let maxParallel = 0;
let running = 0;
const hits: string[] = [];
const failures: { message: string; functionId: string; runId: string; original: unknown }[] = [];
const outageAttempts: number[] = [];
let outageEnd = 0;
let releaseSlow: (() => void) | undefined;

let h: ExecutorHarness;
const APP = `exec-${inject("database")}-${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await startExecutorHarness(
    APP,
    (inngest) => [
      inngest.createFunction(
        {
          id: "ordered",
          retries: 0,
          concurrency: [
            { key: "event.data.orderingKey", limit: 1 },
            { key: "event.data.concurrencyKey", limit: 1 },
          ],
          triggers: [{ event: "t/ordered" }],
        },
        async ({ event, step }) => {
          const { orderingKey, n, ms } = event.data as { orderingKey: string; n: number; ms: number };
          await step.run("work", async () => {
            ordered.push({ key: orderingKey, n, phase: "start" });
            active.set(orderingKey, (active.get(orderingKey) ?? 0) + 1);
            maxParallel = Math.max(maxParallel, ++running);
            await wait(ms);
            running--;
            active.set(orderingKey, active.get(orderingKey)! - 1);
            ordered.push({ key: orderingKey, n, phase: "end" });
          });
          await step.run("after", () => n);
          return n;
        },
      ),
      inngest.createFunction(
        {
          id: "cancellable",
          retries: 3,
          cancelOn: [{ event: "t/cancel", match: "data.id" }],
          triggers: [{ event: "t/cancellable" }],
        },
        async ({ event, step }) => {
          const { id, mode } = event.data as { id: string; mode: "sleep" | "retry" };
          await step.run("first", () => hits.push(`${id}:first`));
          if (mode === "sleep") await step.sleep("nap", "1h");
          if (mode === "retry")
            await step.run("flaky", () => {
              hits.push(`${id}:flaky`);
              throw new Error("target down");
            });
          await step.run("last", () => hits.push(`${id}:last`));
        },
      ),
      inngest.createFunction(
        {
          id: "doomed",
          retries: 2,
          triggers: [{ event: "t/doomed" }],
          onFailure: async ({ event, error }) => {
            const data = event.data as { function_id: string; run_id: string; event: { data: unknown } };
            failures.push({
              message: error.message,
              functionId: data.function_id,
              runId: data.run_id,
              original: data.event.data,
            });
          },
        },
        async ({ step }) => {
          await step.run("explode", () => {
            throw new NonRetriableError("the order is gone");
          });
        },
      ),
      inngest.createFunction({ id: "outage", retries: 4, triggers: [{ event: "t/outage" }] }, async ({ step }) =>
        step.run("call", () => {
          outageAttempts.push(clock.now());
          if (clock.now() < outageEnd) throw new Error("503 from the target");
          return "delivered";
        }),
      ),
      inngest.createFunction({ id: "polite", retries: 2, triggers: [{ event: "t/polite" }] }, async ({ step }) =>
        step.run("call", () => {
          hits.push("polite");
          if (hits.filter((x) => x === "polite").length === 1) throw new RetryAfterError("429 from the target", "45s");
          return "ok";
        }),
      ),
      inngest.createFunction(
        {
          id: "midstep",
          retries: 0,
          cancelOn: [{ event: "t/cancel-mid", match: "data.id" }],
          triggers: [{ event: "t/midstep" }],
        },
        async ({ step }) => {
          await step.run("slow", async () => {
            hits.push("mid:slow");
            await new Promise<void>((r) => (releaseSlow = r));
          });
          await step.run("next", () => hits.push("mid:next"));
        },
      ),
      inngest.createFunction({ id: "fanout", retries: 0, triggers: [{ event: "t/fanout" }] }, async ({ step }) => {
        const [a, b, c] = await Promise.all([
          step.run("a", () => "A"),
          step.run("b", () => "B"),
          step.run("c", () => "C"),
        ]);
        return `${a}${b}${c}`;
      }),
      inngest.createFunction({ id: "sleeper", retries: 0, triggers: [{ event: "t/sleeper" }] }, async ({ step }) => {
        await step.run("before", () => hits.push("sleeper:before"));
        await step.sleep("nap", "2h");
        return step.run("after", () => hits.push("sleeper:after"));
      }),
    ],
    { clock, concurrency: 32 },
  );
});

afterAll(async () => {
  await h?.stop();
});

const finished = (functionId: string, count: number, timeoutMs = 30_000) =>
  until(
    async () => {
      const runs = await h.runs(functionId);
      return runs.length >= count && runs.every((r) => ["completed", "failed", "cancelled"].includes(r.status))
        ? runs
        : undefined;
    },
    timeoutMs,
    `${count} finished run(s) of ${functionId}`,
  );

describe(`embedded executor semantics (${inject("database")})`, () => {
  it("runs 50 events for one key strictly in arrival order, one at a time, and other keys in parallel", async () => {
    const same = Array.from({ length: 50 }, (_, n) => ({
      name: "t/ordered",
      data: { orderingKey: "order-1", n, ms: 2 },
    }));
    const others = Array.from({ length: 6 }, (_, n) => ({
      name: "t/ordered",
      data: { orderingKey: `other-${n}`, n, ms: 150 },
    }));
    // Sent concurrently, each event on its own call; the executor receives them in this order.
    await Promise.all([...same, ...others].map((e) => h.send([e])));
    const runs = await finished("ordered", 56, 60_000);
    expect(runs.map((r) => r.status)).toEqual(Array(56).fill("completed"));

    const one = ordered.filter((o) => o.key === "order-1");
    expect(one.filter((o) => o.phase === "start").map((o) => o.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    // Never two at once: every start is directly followed by its own end.
    for (let i = 0; i < one.length; i += 2)
      expect([one[i]!.phase, one[i + 1]!.phase, one[i]!.n]).toEqual(["start", "end", one[i + 1]!.n]);
    // The six other keys each ran 150 ms; they overlapped.
    expect(maxParallel).toBeGreaterThanOrEqual(2);
    expect(
      await h.sql.all(`SELECT 1 FROM "ExecRunKey" k JOIN "ExecRun" r ON r."id" = k."runId" WHERE r."functionId" = ?`, [
        h.fnId("ordered"),
      ]),
    ).toEqual([]);
  });

  it("cancels a sleeping run and a retrying run: neither runs another step", async () => {
    await h.send([
      { name: "t/cancellable", data: { id: "s1", mode: "sleep" } },
      { name: "t/cancellable", data: { id: "r1", mode: "retry" } },
      { name: "t/cancellable", data: { id: "k1", mode: "sleep" } },
    ]);
    await until(
      () => (hits.includes("s1:first") && hits.includes("r1:flaky") && hits.includes("k1:first") ? true : undefined),
      20_000,
      "the runs to sleep and retry",
    );
    const runs = await h.runs("cancellable");
    const byId = (id: string) => runs.find((r) => (JSON.parse(r.event) as { data: { id: string } }).data.id === id)!;
    await until(
      async () => ((await h.jobs(byId("s1").id)).some((j) => j.kind === "sleep") ? true : undefined),
      10_000,
      "the sleep job",
    );
    await until(
      async () => ((await h.jobs(byId("r1").id)).some((j) => j.attempt === 1) ? true : undefined),
      10_000,
      "the retry job",
    );

    await h.send([
      { name: "t/cancel", data: { id: "s1" } },
      { name: "t/cancel", data: { id: "r1" } },
    ]);
    const after = await h.runs("cancellable");
    expect(after.map((r) => [(JSON.parse(r.event) as { data: { id: string } }).data.id, r.status]).sort()).toEqual([
      ["k1", "running"],
      ["r1", "cancelled"],
      ["s1", "cancelled"],
    ]);
    expect(await h.jobs(byId("s1").id)).toEqual([]);
    expect(await h.jobs(byId("r1").id)).toEqual([]);

    // Hours later the uncancelled run wakes up and finishes; the cancelled ones stay silent.
    clock.advance(2 * 3_600_000);
    h.executor().kick();
    await until(
      async () =>
        (await h.runs("cancellable")).find((r) => r.id === byId("k1").id)?.status === "completed" ? true : undefined,
      20_000,
      "k1 to complete",
    );
    await wait(200);
    expect(hits.filter((x) => x.startsWith("s1:"))).toEqual(["s1:first"]);
    expect(hits.filter((x) => x.startsWith("r1:"))).toEqual(["r1:first", "r1:flaky"]);
    expect(hits.filter((x) => x.startsWith("k1:"))).toEqual(["k1:first", "k1:last"]);
  });

  it("cancels a run mid-step: the step's checkpoint is refused and the run takes no further step", async () => {
    await h.send([{ name: "t/midstep", data: { id: "m1" } }]);
    await until(() => (hits.includes("mid:slow") ? true : undefined), 10_000, "the slow step");
    await h.send([{ name: "t/cancel-mid", data: { id: "m1" } }]);
    releaseSlow!();
    await until(() => (h.executor().stats().inFlight === 0 ? true : undefined), 10_000, "the call to end");
    await wait(200);
    expect((await h.runs("midstep")).map((r) => r.status)).toEqual(["cancelled"]);
    expect(hits.filter((x) => x.startsWith("mid:"))).toEqual(["mid:slow"]);
  });

  it("emits inngest/function.failed for a run that fails for good, and runs the onFailure handler once", async () => {
    await h.send([{ name: "t/doomed", data: { order: 42 } }]);
    const [run] = await finished("doomed", 1);
    expect(run!.status).toBe("failed");
    expect(JSON.parse(run!.error!)).toMatchObject({ message: "the order is gone" });
    const [handler] = await finished("doomed-failure", 1);
    expect(handler!.status).toBe("completed");
    expect(JSON.parse(handler!.event)).toMatchObject({
      name: "inngest/function.failed",
      data: { function_id: h.fnId("doomed"), run_id: run!.id },
    });
    expect(failures).toEqual([
      { message: "the order is gone", functionId: h.fnId("doomed"), runId: run!.id, original: { order: 42 } },
    ]);
  });

  it("survives a 10-minute outage of the target through its retry schedule (test clock)", async () => {
    const start = clock.now();
    outageEnd = start + 10 * 60_000;
    await h.send([{ name: "t/outage", data: {} }]);
    const runId = await until(async () => (await h.runs("outage"))[0]?.id, 10_000, "the run");
    for (let i = 0; i < 20; i++) {
      const [run] = await h.runs("outage");
      if (run!.status !== "running") break;
      await until(async () => ((await h.jobs(runId)).length > 0 ? true : undefined), 10_000, "the next job");
      await h.skipToNextJob(runId);
      await wait(100);
    }
    const [run] = await finished("outage", 1);
    expect(run!.status).toBe("completed");
    expect(JSON.parse(run!.output!)).toBe("delivered");
    expect(outageAttempts.length).toBeGreaterThanOrEqual(2);
    expect(outageAttempts.length).toBeLessThanOrEqual(5);
    expect(outageAttempts.at(-1)! - start).toBeGreaterThanOrEqual(10 * 60_000);
    // Backoff grows: each wait is longer than the one before.
    const gaps = outageAttempts.slice(1).map((t, i) => t - outageAttempts[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
  });

  it("waits at least Retry-After before retrying", async () => {
    await h.send([{ name: "t/polite", data: {} }]);
    const runId = await until(async () => (await h.runs("polite"))[0]?.id, 10_000, "the run");
    const sentAt = clock.now();
    const [job] = await until(
      async () => {
        const jobs = await h.jobs(runId);
        return jobs.some((j) => j.attempt === 1) ? jobs : undefined;
      },
      10_000,
      "the retry",
    );
    const at =
      job!.notBefore instanceof Date
        ? job!.notBefore.getTime() - job!.notBefore.getTimezoneOffset() * 60_000
        : Date.parse(String(job!.notBefore));
    expect(at - sentAt).toBeGreaterThanOrEqual(44_000);
    await wait(300);
    expect(hits.filter((x) => x === "polite")).toHaveLength(1);
    await h.skipToNextJob(runId);
    const [run] = await finished("polite", 1);
    expect([run!.status, JSON.parse(run!.output!)]).toEqual(["completed", "ok"]);
  });

  it("runs a run's sequential steps in one SDK request, each step checkpointed before the next", async () => {
    const before = h.executor().stats();
    await h.send([{ name: "t/ordered", data: { orderingKey: "solo", n: 0, ms: 1 } }]);
    await until(
      async () =>
        (await h.runs("ordered")).every((r) => r.status === "completed") &&
        ordered.some((o) => o.key === "solo" && o.phase === "end")
          ? true
          : undefined,
      10_000,
      "the run",
    );
    await until(() => (h.executor().stats().inFlight === 0 ? true : undefined), 5000, "the call to finish");
    const after = h.executor().stats();
    // Two steps ("work", "after") and the return: one call, two checkpoints.
    expect([after.calls - before.calls, after.checkpointedSteps - before.checkpointedSteps]).toEqual([1, 2]);
  });

  it("runs parallel steps and joins their results", async () => {
    await h.send([{ name: "t/fanout", data: {} }]);
    const [run] = await finished("fanout", 1);
    expect([run!.status, JSON.parse(run!.output!)]).toEqual(["completed", "ABC"]);
    const steps = await h.sql.all(`SELECT "stepId" FROM "ExecStep" WHERE "runId" = ?`, [run!.id]);
    expect(steps).toHaveLength(3);
  });

  it("keeps a sleeping run across a restart of the executor and wakes it on time", async () => {
    await h.send([{ name: "t/sleeper", data: {} }]);
    const runId = await until(async () => (await h.runs("sleeper"))[0]?.id, 10_000, "the run");
    await until(
      async () => ((await h.jobs(runId)).some((j) => j.kind === "sleep") ? true : undefined),
      10_000,
      "the sleep",
    );
    await h.restart();
    clock.advance(60 * 60_000);
    h.executor().kick();
    await wait(300);
    expect((await h.runs("sleeper"))[0]!.status).toBe("running");
    clock.advance(61 * 60_000);
    h.executor().kick();
    const [run] = await finished("sleeper", 1);
    expect(run!.status).toBe("completed");
    expect(hits.filter((x) => x.startsWith("sleeper:"))).toEqual(["sleeper:before", "sleeper:after"]);
  });
});
