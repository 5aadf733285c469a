// The steps helper under load (scripts/steps-helper.ts): the engine routes its executor's calls to
// a second endpoint of the same app, keeping a share for its own (executor.routeCalls; the rule
// itself: lib/executor/call-routing.ts, unit-tested), takes them all back when the helper leaves,
// and a helper gone without notice costs its calls no attempt and loses its route.
// Calls are counted for this file's functions only: an executor on the shared test database also
// leases the jobs earlier files left behind (and fails them: not this app's functions).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startExecutorHarness, until, type ExecutorHarness } from "../support/executor-harness";

let h: ExecutorHarness;
const APP = `helper-routing-${inject("database")}-${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await startExecutorHarness(APP, (inngest) => [
    inngest.createFunction({ id: "work", retries: 0, triggers: [{ event: "t/work" }] }, async ({ event, step }) => {
      // Long enough that the calls of one lease are in flight together.
      const a = await step.run("a", () => new Promise((r) => setTimeout(() => r(event.data.n), 30)));
      return step.run("b", () => ({ n: a }));
    }),
  ]);
});
afterAll(async () => {
  await h?.stop();
});

async function runAll(prefix: string, count: number) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await h.send(ids.map((id, n) => ({ name: "t/work", data: { n }, id })));
  return until(
    async () => {
      const runs = (await h.runs("work")).filter((r) => ids.includes(JSON.parse(r.event).id));
      return runs.length === count && runs.every((r) => r.status !== "running") ? runs : undefined;
    },
    30_000,
    `${count} ${prefix} runs`,
  );
}

describe(`the executor's calls with a steps helper (${inject("database")})`, () => {
  it("go mostly to the helper while it is routed, the rest to the executor's own endpoint", async () => {
    const helper = await h.anotherEndpoint();
    try {
      const own0 = h.calls();
      h.executor().routeCalls(helper.url);
      const runs = await runAll("routed", 60);
      expect(runs.map((r) => r.status)).toEqual(Array(60).fill("completed"));
      // (the share itself, about a third: test/unit/call-routing.test.ts)
      const own = h.calls() - own0;
      expect(helper.calls()).toBeGreaterThan(own);
      expect(own).toBeGreaterThan(0);
    } finally {
      h.executor().routeCalls(undefined);
      await helper.close();
    }
  });

  it("all go to the executor's own endpoint once the helper is routed away", async () => {
    const helper = await h.anotherEndpoint();
    try {
      h.executor().routeCalls(helper.url);
      h.executor().routeCalls(undefined);
      const own0 = h.calls();
      const runs = await runAll("back", 20);
      expect(runs.map((r) => r.status)).toEqual(Array(20).fill("completed"));
      expect(helper.calls()).toBe(0);
      expect(h.calls() - own0).toBeGreaterThanOrEqual(20);
    } finally {
      await helper.close();
    }
  });

  it("that a gone helper could not answer use no attempt, and come back to the own endpoint by themselves", async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused, as a killed
    // helper's port refuses them (a port of a closed test server could be taken meanwhile).
    const gone = new URL(h.serveUrl);
    gone.port = "1";
    const unanswered0 = h.executor().stats().unanswered;
    const own0 = h.calls();
    h.executor().routeCalls(gone.href);
    const ids = Array.from({ length: 6 }, (_, i) => `gone-${i}`);
    await h.send(ids.map((id, n) => ({ name: "t/work", data: { n }, id })));
    // The first call to the gone helper fails: the executor drops the route itself.
    await until(async () => (h.executor().stats().unanswered > unanswered0 ? true : undefined));
    h.clock.advance(1500); // past the 1 s postponement of the calls that failed
    h.executor().kick();
    const runs = await until(
      async () => {
        const rows = (await h.runs("work")).filter((r) => ids.includes(JSON.parse(r.event).id));
        return rows.length === ids.length && rows.every((r) => r.status !== "running") ? rows : undefined;
      },
      30_000,
      "the runs the gone helper held",
    );
    // retries: 0, so a used attempt would have failed the run.
    expect(runs.map((r) => r.status)).toEqual(Array(ids.length).fill("completed"));
    expect(h.calls() - own0).toBeGreaterThanOrEqual(ids.length);
  });

  it("are routed only to a loopback endpoint of the app", () => {
    for (const url of [
      "http://10.0.0.5:8288/api/inngest",
      "https://127.0.0.1:4000/api/inngest",
      "http://localhost.evil.example:4000/api/inngest",
      `http://127.0.0.1:4000/elsewhere`,
    ])
      expect(() => h.executor().routeCalls(url), url).toThrow(/refused/);
  });
});
