// How a run walks the graph, on SQLite and PostgreSQL, with the real SDK driven by the embedded
// executor over HTTP and a real target server: branches, parallel edges, loops, delays, filters,
// per-node retries / continue / stop, cancel, retry from failure, dry runs, the failure alert,
// and the documented StepRun records of each (docs/engine.md).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { cancelRun, retryFromFailure } from "@/lib/engine/control";
import { offsetClock, setExecutorClock } from "@/lib/executor/clock";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { newId } from "@/lib/ids";
import { eventKeys, kickDispatcher } from "@/lib/runs/dispatcher";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { startTarget, type Received } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
/** Per path: how many requests it got so far, and what it answers (default 200 {ok:true}). */
const answers = new Map<string, (n: number, r: Received) => { status: number; body?: unknown; delayMs?: number }>();
const hits = new Map<string, number>();
// The executor's backoff is 10 s, then 60 s: retry tests move its clock on instead of waiting.
const clock = offsetClock();

beforeAll(async () => {
  setExecutorClock(clock.now);
  engine = await startEngine();
  target = await startTarget((r) => {
    const path = r.path.split("?")[0]!;
    const n = hits.get(path) ?? 0;
    hits.set(path, n + 1);
    return answers.get(path)?.(n, r) ?? { status: 200, body: { ok: true, path } };
  });
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
  setExecutorClock(null);
});

const db = () => getDb();
let seq = 0;
/** A unique path prefix per test, so answers and counters never mix. */
const uniq = (name: string) => `/${name}-${++seq}-${inject("database")}`;
const received = (path: string) => target.received.filter((r) => r.path.split("?")[0] === path);

type N = { id: string; type: string; config?: Record<string, unknown>; settings?: Record<string, unknown> };
type E = [string, string, string?];
const http = (id: string, path: string, body?: unknown, settings?: Record<string, unknown>): N => ({
  id,
  type: "http",
  config: {
    method: "POST",
    url: `${target.url}${path}`,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  },
  ...(settings ? { settings } : {}),
});

async function publish(nodes: N[], edges: E[], settings?: FlowDefinition["settings"]) {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `engine graph ${++seq}` });
  const definition: FlowDefinition = {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } },
      ...nodes.map((n, i) => ({
        id: n.id,
        type: n.type,
        position: { x: 200 * (i + 1), y: 0 },
        data: { config: n.config ?? {}, ...(n.settings ? { settings: n.settings } : {}) },
      })),
    ],
    edges: edges.map(([source, target, sourceHandle], i) => ({
      id: `e${i}`,
      source,
      target,
      ...(sourceHandle ? { sourceHandle } : {}),
    })),
    ...(settings ? { settings } : {}),
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  const token = flow.endpoints.find((e) => e.kind === "live")!.token;
  return {
    flowId: flow.id,
    post: async (body: unknown) =>
      expect((await engine.post(`/api/hooks/${token}`, JSON.stringify(body))).status).toBe(202),
  };
}

const FINAL = ["succeeded", "failed", "cancelled"];
async function runOf(flowId: string, statuses = FINAL, timeoutMs = 25_000, advanceMs = 0) {
  return eventually(
    async () => {
      clock.advance(advanceMs);
      const r = await (await db()).run.findFirst({ where: { flowId }, orderBy: { id: "desc" } });
      return r && statuses.includes(r.status) ? r : undefined;
    },
    timeoutMs,
    `a run of ${flowId} in ${statuses.join("/")}`,
  );
}
async function finished(runId: string, timeoutMs = 25_000) {
  return eventually(
    async () => {
      const r = await (await db()).run.findUnique({ where: { id: runId } });
      return r && FINAL.includes(r.status) ? r : undefined;
    },
    timeoutMs,
    `run ${runId} to finish`,
  );
}
async function steps(runId: string) {
  const all = await (
    await db()
  ).stepRun.findMany({ where: { runId }, orderBy: [{ startedAt: "asc" }, { nodeId: "asc" }, { attempt: "asc" }] });
  // The trigger first, as the run page shows it (it may share its millisecond with the first step).
  const rows = [...all.filter((s) => s.nodeType === "webhook"), ...all.filter((s) => s.nodeType !== "webhook")];
  return rows.map((s) => ({
    ...s,
    input: s.input ? JSON.parse(s.input) : null,
    output: s.output ? JSON.parse(s.output) : null,
    error: s.error ? JSON.parse(s.error) : null,
  }));
}
/** Waits through retries: each poll (50 ms) moves the executor's clock 15 s on. */
const runThroughRetries = (flowId: string) => runOf(flowId, FINAL, 25_000, 15_000);
const summary = async (runId: string) => (await steps(runId)).map((s) => `${s.nodeId}:${s.attempt}:${s.status}`);
const amountRule = (op: string, right: string) => ({
  combinator: "and",
  rules: [{ left: "{{ trigger.body.amount }}", op, right }],
});

describe(`the engine walks the graph (${inject("database")})`, () => {
  it("follows only the matching output of an if/else branch and a switch", async () => {
    const p = uniq("branch");
    const f = await publish(
      [
        { id: "big", type: "branch", config: { mode: "if", condition: amountRule("gt", "1000") } },
        http("yes", `${p}/big`),
        http("no", `${p}/small`),
        {
          id: "kind",
          type: "branch",
          config: {
            mode: "switch",
            value: "{{ trigger.body.type }}",
            cases: [
              { name: "paid", value: "payment.paid" },
              { name: "refund", value: "charge.refunded" },
            ],
          },
        },
        http("paid", `${p}/paid`),
        http("refund", `${p}/refund`),
        http("other", `${p}/other`),
      ],
      [
        ["trigger", "big"],
        ["big", "yes", "true"],
        ["big", "no", "false"],
        ["yes", "kind"],
        ["kind", "paid", "paid"],
        ["kind", "refund", "refund"],
        ["kind", "other", "default"],
      ],
    );
    await f.post({ type: "charge.refunded", amount: 2000 });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual([
      "trigger:0:succeeded",
      "big:0:succeeded",
      "yes:0:succeeded",
      "kind:0:succeeded",
      "refund:0:succeeded",
    ]);
    const s = await steps(run.id);
    expect(s.find((x) => x.nodeId === "big")!.output).toEqual({ result: true, handle: "true" });
    expect(s.find((x) => x.nodeId === "big")!.input).toEqual({
      condition: [{ left: 2000, op: "gt", right: "1000", result: true }],
    });
    expect(s.find((x) => x.nodeId === "kind")!.output).toEqual({ value: "charge.refunded", handle: "refund" });
    expect([`${p}/big`, `${p}/small`, `${p}/paid`, `${p}/refund`, `${p}/other`].map((x) => received(x).length)).toEqual(
      [1, 0, 0, 1, 0],
    );
  });

  it("runs nodes on parallel edges at the same time and joins after both", async () => {
    const p = uniq("parallel");
    answers.set(`${p}/a`, () => ({ status: 200, body: { from: "a" }, delayMs: 700 }));
    answers.set(`${p}/b`, () => ({ status: 200, body: { from: "b" }, delayMs: 700 }));
    const f = await publish(
      [
        http("a", `${p}/a`),
        http("b", `${p}/b`),
        http("join", `${p}/join`, { a: "{{ nodes.a.body.from }}", b: "{{ nodes.b.body.from }}" }),
      ],
      [
        ["trigger", "a"],
        ["trigger", "b"],
        ["a", "join"],
        ["b", "join"],
      ],
    );
    await f.post({ amount: 1 });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    const s = await steps(run.id);
    expect(s.map((x) => x.nodeId).sort()).toEqual(["a", "b", "join", "trigger"]);
    const [a, b, join] = ["a", "b", "join"].map((id) => s.find((x) => x.nodeId === id)!);
    // Both started before either finished: they overlapped.
    expect(a!.startedAt.getTime()).toBeLessThan(b!.finishedAt!.getTime());
    expect(b!.startedAt.getTime()).toBeLessThan(a!.finishedAt!.getTime());
    expect(join!.startedAt.getTime()).toBeGreaterThanOrEqual(
      Math.max(a!.finishedAt!.getTime(), b!.finishedAt!.getTime()),
    );
    expect(received(`${p}/join`).map((r) => r.json)).toEqual([{ a: "a", b: "b" }]);
  });

  it("runs a loop's body once per item with step ids <node>#<index>, then goes on along done", async () => {
    const p = uniq("loop");
    const f = await publish(
      [
        { id: "each", type: "loop", config: { items: "{{ trigger.body.lines }}" } },
        http("line", `${p}/line`, { sku: "{{ loop.item.sku }}", index: "{{ loop.index }}" }),
        {
          id: "skip_b",
          type: "filter",
          config: {
            condition: {
              combinator: "and",
              rules: [
                { left: "{{ nodes.line.body.ok }}", op: "is_true" },
                { left: "{{ loop.item.sku }}", op: "not_equals", right: "B" },
              ],
            },
          },
        },
        http("after_line", `${p}/after_line`, { sku: "{{ loop.item.sku }}" }),
        http("done", `${p}/done`, { count: "{{ nodes.each.count }}" }),
      ],
      [
        ["trigger", "each"],
        ["each", "line", "each"],
        ["line", "skip_b"],
        ["skip_b", "after_line"],
        ["each", "done", "done"],
      ],
    );
    await f.post({ lines: [{ sku: "A" }, { sku: "B" }, { sku: "C" }] });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual([
      "trigger:0:succeeded",
      "each:0:succeeded",
      "line#0:0:succeeded",
      "skip_b#0:0:succeeded",
      "after_line#0:0:succeeded",
      "line#1:0:succeeded",
      "skip_b#1:0:succeeded",
      "line#2:0:succeeded",
      "skip_b#2:0:succeeded",
      "after_line#2:0:succeeded",
      "done:0:succeeded",
    ]);
    expect(received(`${p}/line`).map((r) => r.json)).toEqual([
      { sku: "A", index: 0 },
      { sku: "B", index: 1 },
      { sku: "C", index: 2 },
    ]);
    expect(received(`${p}/line`).map((r) => r.headers["idempotency-key"])).toEqual(
      [0, 1, 2].map((i) => `${run.id}:line#${i}`),
    );
    expect(received(`${p}/after_line`).map((r) => r.json)).toEqual([{ sku: "A" }, { sku: "C" }]);
    expect(received(`${p}/done`).map((r) => r.json)).toEqual([{ count: 3 }]);
    const s = await steps(run.id);
    expect(s.find((x) => x.nodeId === "each")!.output).toEqual({ count: 3 });
    expect(s.find((x) => x.nodeId === "skip_b#1")!.output).toEqual({ passed: false, filtered: true });
  });

  it("nests loops: step ids <node>#<outer>.<inner>, outer items under loops.<id>", async () => {
    const p = uniq("nested");
    const f = await publish(
      [
        { id: "orders", type: "loop", config: { items: "{{ trigger.body.orders }}" } },
        { id: "lines", type: "loop", config: { items: "{{ loop.item.lines }}" } },
        http("cell", `${p}/cell`, {
          at: "{{ loops.orders.index }}.{{ loop.index }}",
          order: "{{ loops.orders.item.id }}",
          sku: "{{ loop.item }}",
        }),
      ],
      [
        ["trigger", "orders"],
        ["orders", "lines", "each"],
        ["lines", "cell", "each"],
      ],
    );
    await f.post({
      orders: [
        { id: "o1", lines: ["a", "b"] },
        { id: "o2", lines: ["c"] },
      ],
    });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual([
      "trigger:0:succeeded",
      "orders:0:succeeded",
      "lines#0:0:succeeded",
      "cell#0.0:0:succeeded",
      "cell#0.1:0:succeeded",
      "lines#1:0:succeeded",
      "cell#1.0:0:succeeded",
    ]);
    expect(received(`${p}/cell`).map((r) => r.json)).toEqual([
      { at: "0.0", order: "o1", sku: "a" },
      { at: "0.1", order: "o1", sku: "b" },
      { at: "1.0", order: "o2", sku: "c" },
    ]);
  });

  it("fails a loop over something that is not a list, or a list over its limit, without retrying", async () => {
    const p = uniq("badloop");
    const f = await publish(
      [
        { id: "each", type: "loop", config: { items: "{{ trigger.body.lines }}", maxItems: 2 } },
        http("line", `${p}/line`),
      ],
      [
        ["trigger", "each"],
        ["each", "line", "each"],
      ],
    );
    await f.post({ lines: "not a list" });
    const notList = await runOf(f.flowId);
    expect(notList.status).toBe("failed");
    expect(notList.error).toBe("each: {{ trigger.body.lines }} is not a list (it is string)");
    expect(await summary(notList.id)).toEqual(["trigger:0:succeeded", "each:0:failed"]);
    await f.post({ lines: [1, 2, 3] });
    const tooLong = await eventually(async () => {
      const r = await runOf(f.flowId);
      return r.id !== notList.id ? r : undefined;
    });
    expect(tooLong.error).toBe("each: The list has 3 items, more than the loop's limit of 2");
    expect(received(`${p}/line`)).toHaveLength(0);
  });

  it("retries a step that fails twice, then succeeds; the later step runs once", async () => {
    const p = uniq("flaky");
    answers.set(`${p}/flaky`, (n) =>
      n < 2 ? { status: 503, body: { down: true } } : { status: 200, body: { ok: true } },
    );
    const f = await publish(
      [http("flaky", `${p}/flaky`), http("next", `${p}/next`)],
      [
        ["trigger", "flaky"],
        ["flaky", "next"],
      ],
    );
    await f.post({ amount: 1 });
    // Between attempts the run shows "retrying".
    const waiting = await runOf(f.flowId, ["retrying"], 10_000);
    expect(await summary(waiting.id)).toEqual(["trigger:0:succeeded", "flaky:0:failed"]);
    const run = await runThroughRetries(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual([
      "trigger:0:succeeded",
      "flaky:0:failed",
      "flaky:1:failed",
      "flaky:2:succeeded",
      "next:0:succeeded",
    ]);
    expect(received(`${p}/flaky`)).toHaveLength(3);
    expect(received(`${p}/next`)).toHaveLength(1);
    // Every attempt carries the same idempotency key.
    expect(new Set(received(`${p}/flaky`).map((r) => r.headers["idempotency-key"]))).toEqual(
      new Set([`${run.id}:flaky`]),
    );
  });

  it("stops retrying a node at its own retry count and fails the run", async () => {
    const p = uniq("retries");
    answers.set(`${p}/down`, () => ({ status: 500, body: { down: true } }));
    const f = await publish(
      [http("down", `${p}/down`, undefined, { retries: 1 }), http("next", `${p}/next`)],
      [
        ["trigger", "down"],
        ["down", "next"],
      ],
    );
    await f.post({ amount: 1 });
    const run = await runThroughRetries(f.flowId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^down: POST .* answered 500/);
    expect(await summary(run.id)).toEqual(["trigger:0:succeeded", "down:0:failed", "down:1:failed"]);
    expect(received(`${p}/down`)).toHaveLength(2);
    expect(received(`${p}/next`)).toHaveLength(0);
  });

  it("continues on error with the error as the node's output", async () => {
    const p = uniq("continue");
    answers.set(`${p}/bad`, () => ({ status: 500, body: { down: true } }));
    const f = await publish(
      [
        http("bad", `${p}/bad`, undefined, { retries: 0, onError: "continue" }),
        http("report", `${p}/report`, { failed: "{{ nodes.bad.error.message }}" }),
      ],
      [
        ["trigger", "bad"],
        ["bad", "report"],
      ],
    );
    await f.post({ amount: 1 });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual(["trigger:0:succeeded", "bad:0:failed", "report:0:succeeded"]);
    expect((received(`${p}/report`)[0]!.json as { failed: string }).failed).toMatch(/answered 500/);
  });

  it("stops the run quietly on error when the node says stop", async () => {
    const p = uniq("stop");
    answers.set(`${p}/bad`, () => ({ status: 400, body: { nope: true } }));
    const f = await publish(
      [http("bad", `${p}/bad`, undefined, { onError: "stop" }), http("next", `${p}/next`), http("side", `${p}/side`)],
      [
        ["trigger", "bad"],
        ["bad", "next"],
      ],
    );
    await f.post({ amount: 1 });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    // A 400 is permanent: one attempt, no retry, nothing after it.
    expect(await summary(run.id)).toEqual(["trigger:0:succeeded", "bad:0:failed"]);
    expect(received(`${p}/next`)).toHaveLength(0);
  });

  it("times out an attempt after the node's timeout and retries it", async () => {
    const p = uniq("timeout");
    answers.set(`${p}/slow`, (n) => ({ status: 200, body: { n }, delayMs: n === 0 ? 3000 : 0 }));
    const f = await publish(
      [http("slow", `${p}/slow`, undefined, { timeoutMs: 300, retries: 1 })],
      [["trigger", "slow"]],
    );
    await f.post({ amount: 1 });
    const run = await runThroughRetries(f.flowId);
    expect(run.status).toBe("succeeded");
    const s = await steps(run.id);
    expect(s.filter((x) => x.nodeId === "slow").map((x) => [x.attempt, x.status, x.error?.message ?? null])).toEqual([
      [0, "failed", "Timed out after 300 ms"],
      [1, "succeeded", null],
    ]);
  });

  it("sleeps durably on a delay: the run is sleeping, then goes on", async () => {
    const p = uniq("delay");
    const f = await publish(
      [{ id: "wait", type: "delay", config: { amount: 2, unit: "seconds" } }, http("after", `${p}/after`)],
      [
        ["trigger", "wait"],
        ["wait", "after"],
      ],
    );
    const posted = Date.now();
    await f.post({ amount: 1 });
    const sleeping = await runOf(f.flowId, ["sleeping"], 10_000);
    expect(await summary(sleeping.id)).toEqual(["trigger:0:succeeded", "wait:0:sleeping"]);
    expect(received(`${p}/after`)).toHaveLength(0);
    const run = await finished(sleeping.id);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual(["trigger:0:succeeded", "wait:0:succeeded", "after:0:succeeded"]);
    expect(received(`${p}/after`)).toHaveLength(1);
    expect(Date.now() - posted).toBeGreaterThanOrEqual(2000);
    const wait = (await steps(run.id)).find((x) => x.nodeId === "wait")!;
    expect(wait.input).toEqual({ duration: "2 seconds", ms: 2000 });
    expect(wait.finishedAt!.getTime() - wait.startedAt.getTime()).toBeGreaterThanOrEqual(1900);
  });

  it("waits until a time taken from the payload", async () => {
    const p = uniq("until");
    const f = await publish(
      [
        { id: "wait", type: "delay", config: { mode: "until", until: "{{ trigger.body.at }}" } },
        http("after", `${p}/after`),
      ],
      [
        ["trigger", "wait"],
        ["wait", "after"],
      ],
    );
    // A time 1.5 s ahead on the executor's clock (moved on by the retry tests).
    const at = new Date(clock.now() + 1500).toISOString();
    const posted = Date.now();
    await f.post({ at });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("succeeded");
    expect(Date.now() - posted).toBeGreaterThanOrEqual(1400);
    expect((await steps(run.id)).find((x) => x.nodeId === "wait")!.output).toMatchObject({ until: at, sleptUntil: at });
    expect(received(`${p}/after`)).toHaveLength(1);
  });

  it("lets a run pass a filter only when its condition holds", async () => {
    const p = uniq("filter");
    const f = await publish(
      [
        { id: "only_big", type: "filter", config: { condition: amountRule("gte", "100") } },
        http("after", `${p}/after`),
      ],
      [
        ["trigger", "only_big"],
        ["only_big", "after"],
      ],
    );
    await f.post({ amount: 5 });
    const small = await runOf(f.flowId);
    expect(small.status).toBe("succeeded");
    expect(await summary(small.id)).toEqual(["trigger:0:succeeded", "only_big:0:succeeded"]);
    expect((await steps(small.id))[1]!.output).toEqual({ passed: false, filtered: true });
    expect(received(`${p}/after`)).toHaveLength(0);
    await f.post({ amount: 500 });
    const big = await eventually(async () => {
      const r = await runOf(f.flowId);
      return r.id !== small.id ? r : undefined;
    });
    expect(await summary(big.id)).toEqual(["trigger:0:succeeded", "only_big:0:succeeded", "after:0:succeeded"]);
    expect(received(`${p}/after`)).toHaveLength(1);
  });

  it("cancels a sleeping run: nothing after the delay ever runs", async () => {
    const p = uniq("cancel");
    const f = await publish(
      [{ id: "wait", type: "delay", config: { amount: 2, unit: "seconds" } }, http("after", `${p}/after`)],
      [
        ["trigger", "wait"],
        ["wait", "after"],
      ],
    );
    await f.post({ amount: 1 });
    const sleeping = await runOf(f.flowId, ["sleeping"], 10_000);
    expect(await cancelRun(sleeping.id)).toEqual({ runId: sleeping.id, status: "cancelled" });
    await new Promise((r) => setTimeout(r, 3500));
    const run = await (await db()).run.findUniqueOrThrow({ where: { id: sleeping.id } });
    expect(run.status).toBe("cancelled");
    expect(await summary(run.id)).toEqual(["trigger:0:succeeded", "wait:0:cancelled"]);
    expect(received(`${p}/after`)).toHaveLength(0);
    await expect(cancelRun(sleeping.id)).rejects.toThrow(/already finished \(cancelled\)/);
  });

  it("cancels a run mid-step: the step in flight finishes, no later step starts", async () => {
    // The SDK reports steps in batches, so no checkpoint is refused here: the call itself must
    // see the cancel (it reads the run's status before each step once it has run 250 ms).
    const p = uniq("cancelmid");
    answers.set(`${p}/slow`, () => ({ status: 200, body: { ok: true }, delayMs: 1000 }));
    const f = await publish(
      [http("first", `${p}/first`), http("slow", `${p}/slow`), http("after", `${p}/after`)],
      [
        ["trigger", "first"],
        ["first", "slow"],
        ["slow", "after"],
      ],
    );
    await f.post({ amount: 1 });
    await eventually(async () => received(`${p}/slow`).length > 0 || undefined, 10_000, "the slow step");
    const running = await runOf(f.flowId, ["running"], 5_000);
    await cancelRun(running.id);
    // The step in flight finishes and is recorded; a later step would start right after it.
    await eventually(
      async () => ((await summary(running.id)).includes("slow:0:succeeded") ? true : undefined),
      10_000,
      "the slow step to finish",
    );
    await new Promise((r) => setTimeout(r, 500));
    const run = await (await db()).run.findUniqueOrThrow({ where: { id: running.id } });
    expect(run.status).toBe("cancelled");
    expect(received(`${p}/after`)).toHaveLength(0);
    expect((await summary(run.id)).slice(0, 2)).toEqual(["trigger:0:succeeded", "first:0:succeeded"]);
    expect(await summary(run.id)).not.toContain("after:0:succeeded");
  });

  it("retries from the failure without repeating the steps that succeeded", async () => {
    const p = uniq("retry");
    let healthy = false;
    answers.set(`${p}/b`, () =>
      healthy ? { status: 200, body: { ok: true } } : { status: 422, body: { invalid: true } },
    );
    const f = await publish(
      [http("a", `${p}/a`, { n: 1 }), http("b", `${p}/b`, { from_a: "{{ nodes.a.body.path }}" }), http("c", `${p}/c`)],
      [
        ["trigger", "a"],
        ["a", "b"],
        ["b", "c"],
      ],
    );
    await f.post({ amount: 1 });
    const failed = await runOf(f.flowId);
    expect(failed.status).toBe("failed");
    expect(await summary(failed.id)).toEqual(["trigger:0:succeeded", "a:0:succeeded", "b:0:failed"]);
    await expect(retryFromFailure(newId("run"))).rejects.toThrow(/not found/i);

    healthy = true;
    const { runId } = await retryFromFailure(failed.id);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(run.retryOfRunId).toBe(failed.id);
    expect(run.deliveryId).toBe(failed.deliveryId);
    expect(await summary(runId)).toEqual(["trigger:0:succeeded", "a:0:succeeded", "b:0:succeeded", "c:0:succeeded"]);
    const s = await steps(runId);
    expect(s.filter((x) => x.reusedFromRunId === failed.id).map((x) => x.nodeId)).toEqual(["trigger", "a"]);
    expect(s.find((x) => x.nodeId === "a")!.output).toMatchObject({ status: 200 });
    // The target's counters: "a" acted once in all, "b" once per run, "c" once.
    expect([`${p}/a`, `${p}/b`, `${p}/c`].map((x) => received(x).length)).toEqual([1, 2, 1]);
    expect(received(`${p}/b`)[1]!.json).toEqual({ from_a: `${p}/a` });
    await expect(retryFromFailure(runId)).rejects.toThrow(/Only a failed or cancelled run/);
  });

  it("records what side-effecting nodes would send in a dry run, and sends nothing", async () => {
    const p = uniq("dry");
    const f = await publish(
      [
        { id: "only_big", type: "filter", config: { condition: amountRule("gt", "10") } },
        http("send", `${p}/send`, { amount: "{{ trigger.body.amount }}" }),
        { id: "wait", type: "delay", config: { amount: 1, unit: "hours" } },
        http("later", `${p}/later`),
      ],
      [
        ["trigger", "only_big"],
        ["only_big", "send"],
        ["send", "wait"],
        ["wait", "later"],
      ],
    );
    await f.post({ amount: 42 });
    const live = await runOf(f.flowId, ["sleeping"]);
    await cancelRun(live.id);
    const before = received(`${p}/send`).length;
    const d = await db();
    const dry = await d.run.create({
      data: {
        id: newId("run"),
        workspaceId: live.workspaceId,
        flowId: live.flowId,
        flowVersionId: live.flowVersionId,
        deliveryId: live.deliveryId,
        status: "queued",
        dryRun: true,
      },
    });
    kickDispatcher();
    const run = await finished(dry.id);
    expect(run.status).toBe("succeeded");
    expect(await summary(run.id)).toEqual([
      "trigger:0:succeeded",
      "only_big:0:succeeded",
      "send:0:succeeded",
      "wait:0:succeeded",
      "later:0:succeeded",
    ]);
    const s = await steps(run.id);
    expect(s.find((x) => x.nodeId === "send")!.output).toEqual({
      preview: expect.objectContaining({ method: "POST", url: `${target.url}${p}/send`, body: { amount: 42 } }),
    });
    expect(s.find((x) => x.nodeId === "wait")!.output).toEqual({ preview: { duration: "1 hours", ms: 3_600_000 } });
    expect(received(`${p}/send`)).toHaveLength(before);
    expect(received(`${p}/later`)).toHaveLength(0);
  });

  it("sends the flow's failure alert when a run fails", async () => {
    const p = uniq("alert");
    answers.set(`${p}/bad`, () => ({ status: 404, body: { missing: true } }));
    const f = await publish([http("bad", `${p}/bad`)], [["trigger", "bad"]], {
      failureAlert: {
        type: "http",
        config: {
          method: "POST",
          url: `${target.url}${p}/alert`,
          body: JSON.stringify({
            run: "{{ run.id }}",
            node: "{{ run.failedNode }}",
            error: "{{ run.error }}",
            order: "{{ trigger.body.order }}",
          }),
        },
      },
    });
    await f.post({ order: "ord_1" });
    const run = await runOf(f.flowId);
    expect(run.status).toBe("failed");
    const alert = await eventually(async () => received(`${p}/alert`)[0], 15_000, "the failure alert");
    expect(alert.json).toMatchObject({ run: run.id, node: "bad", order: "ord_1" });
    expect((alert.json as { error: string }).error).toMatch(/^bad: POST .* answered 404/);
    const s = await eventually(async () =>
      (await steps(run.id)).find((x) => x.nodeId === "failure-alert" && x.status === "succeeded"),
    );
    expect(s.nodeType).toBe("http");
  });

  it("runs the runs of one ordering key one at a time in arrival order, other keys in parallel", async () => {
    const p = uniq("order");
    answers.set(`${p}/apply`, () => ({ status: 200, body: { ok: true }, delayMs: 120 }));
    const f = await publish(
      [http("apply", `${p}/apply`, { key: "{{ trigger.body.data.object.id }}", seq: "{{ trigger.body.seq }}" })],
      [["trigger", "apply"]],
      { orderingKey: "data.object.id" },
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => f.post({ data: { object: { id: i % 2 ? "B" : "A" } }, seq: i })),
    );
    const d = await db();
    // Arrival order: the order the runs were handed to the executor — by dispatch (a delivery stored
    // later is dispatched later), and by id among the runs one dispatch sent together.
    const runs = await eventually(
      async () => {
        const rs = await d.run.findMany({
          where: { flowId: f.flowId },
          orderBy: [{ dispatchedAt: "asc" }, { id: "asc" }],
        });
        return rs.length === 12 && rs.every((r) => r.status === "succeeded") ? rs : undefined;
      },
      25_000,
      "12 ordered runs",
    );
    const applied = await d.stepRun.findMany({ where: { runId: { in: runs.map((r) => r.id) }, nodeId: "apply" } });
    const byRun = new Map(
      applied.map((s) => [s.runId, { ...s, input: JSON.parse(s.input!) as { body: { key: string; seq: number } } }]),
    );
    for (const key of ["A", "B"]) {
      // In arrival order, each run's step starts after the previous one's ended.
      const mine = runs.map((r) => byRun.get(r.id)!).filter((s) => s.input.body.key === key);
      expect(mine).toHaveLength(6);
      for (let i = 1; i < mine.length; i++)
        expect(mine[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(mine[i - 1]!.finishedAt!.getTime());
      // The target saw them in that same order.
      const seen = received(`${p}/apply`)
        .map((r) => r.json as { key: string; seq: number })
        .filter((b) => b.key === key)
        .map((b) => b.seq);
      expect(seen).toEqual(mine.map((s) => s.input.body.seq));
    }
    // A and B are different keys: some A step overlapped some B step.
    const a = [...byRun.values()].filter((s) => s.input.body.key === "A");
    const b = [...byRun.values()].filter((s) => s.input.body.key === "B");
    expect(a.some((x) => b.some((y) => x.startedAt < y.finishedAt! && y.startedAt < x.finishedAt!))).toBe(true);
  });

  it("runs at most the flow's concurrency limit of runs at once", async () => {
    const p = uniq("limit");
    answers.set(`${p}/work`, () => ({ status: 200, body: { ok: true }, delayMs: 250 }));
    const f = await publish([http("work", `${p}/work`)], [["trigger", "work"]], { concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.post({ seq: i })));
    const d = await db();
    const runs = await eventually(
      async () => {
        const rs = await d.run.findMany({ where: { flowId: f.flowId } });
        return rs.length === 6 && rs.every((r) => r.status === "succeeded") ? rs : undefined;
      },
      25_000,
      "6 limited runs",
    );
    const work = await d.stepRun.findMany({ where: { runId: { in: runs.map((r) => r.id) }, nodeId: "work" } });
    const busyAt = (t: number) => work.filter((s) => s.startedAt.getTime() <= t && t < s.finishedAt!.getTime()).length;
    const most = Math.max(...work.map((s) => busyAt(s.startedAt.getTime())));
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBe(2);
  });

  it("fails a draft run whose snapshot has a cycle instead of waiting forever", async () => {
    const f = await publish([http("a", "/unused-cycle")], [["trigger", "a"]]);
    await f.post({ amount: 1 });
    const first = await runOf(f.flowId);
    const n = (id: string, type = "http") => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data: { config: type === "http" ? { url: `${target.url}/cycle` } : {} },
    });
    const definition = JSON.stringify({
      schemaVersion: 1,
      nodes: [n("trigger", "webhook"), n("a"), n("b")],
      edges: [
        { id: "e1", source: "trigger", target: "a" },
        { id: "e2", source: "a", target: "b" },
        { id: "e3", source: "b", target: "a" },
      ],
    });
    const d = await db();
    const draft = await d.run.create({
      data: {
        id: newId("run"),
        workspaceId: first.workspaceId,
        flowId: f.flowId,
        definition,
        deliveryId: first.deliveryId,
        status: "queued",
      },
    });
    kickDispatcher();
    const run = await finished(draft.id, 10_000);
    expect(run.status).toBe("failed");
    expect(run.error).toBe("The flow contains a cycle: a → b → a");
    expect(received("/cycle")).toHaveLength(0);
  });

  it("puts the flow's ordering key and concurrency slot into the run's event", async () => {
    const f = await publish([http("a", "/unused")], [["trigger", "a"]], {
      orderingKey: "data.object.id",
      concurrency: 2,
    });
    const d = await db();
    const version = await d.flowVersion.findFirstOrThrow({ where: { flowId: f.flowId } });
    const ws = await currentWorkspaceId();
    const endpoint = await d.webhookEndpoint.findFirstOrThrow({ where: { flowId: f.flowId } });
    const delivery = async (body: unknown) =>
      (
        await d.delivery.create({
          data: {
            id: newId("dlv"),
            workspaceId: ws,
            flowId: f.flowId,
            endpointId: endpoint.id,
            method: "POST",
            headers: "{}",
            body: Buffer.from(JSON.stringify(body)),
            contentType: "application/json",
            verdict: "accepted",
          },
        })
      ).id;
    // Runs "held" (not final, never dispatched by the running dispatcher) stand for unfinished runs.
    const makeRun = async (body: unknown) => {
      const run = {
        id: newId("run"),
        flowId: f.flowId,
        flowVersionId: version.id,
        definition: null,
        deliveryId: await delivery(body),
      };
      await d.run.create({ data: { ...run, workspaceId: ws, status: "held" } });
      return run;
    };
    const runs = [];
    for (const body of [
      { data: { object: { id: "pi_1" } } },
      { data: { object: { id: "pi_2" } } },
      { data: { object: { id: "pi_1" } } },
      { data: {} },
    ])
      runs.push(await makeRun(body));
    const keys = await eventKeys(d, runs);
    // The last has no ordering value: no key for the embedded executor, one of its own for an external Inngest.
    expect(keys.map((k) => k.orderingKey)).toEqual([
      `${f.flowId}:pi_1`,
      `${f.flowId}:pi_2`,
      `${f.flowId}:pi_1`,
      undefined,
    ]);
    expect(keys.map((k) => k.concurrencyKey)).toEqual([0, 1, 0, 1].map((slot) => `${f.flowId}#${slot}`));
    expect(keys.map((k) => k.runId)).toEqual(runs.map((r) => r.id));
    // Slot 1's runs finish while slot 0's still run (or sleep): the next runs go to slot 1, not round-robin.
    await d.run.updateMany({ where: { id: { in: [runs[1]!.id, runs[3]!.id] } }, data: { status: "succeeded" } });
    const more = await eventKeys(d, [await makeRun({ data: {} }), await makeRun({ data: {} })]);
    expect(more.map((k) => k.concurrencyKey)).toEqual([`${f.flowId}#1`, `${f.flowId}#1`]);
    const external = await eventKeys(d, [await makeRun({ data: {} })], true);
    expect(external.map((k) => k.orderingKey)).toEqual([`run:${external[0]!.runId}`]);
    await d.run.updateMany({ where: { flowId: f.flowId, status: "held" }, data: { status: "cancelled" } });
  });
});
