// Contract tests: the Inngest SDK's HTTP protocol as the embedded executor speaks it, pinned by
// recorded request/response pairs (test/contract/fixtures/*.json). Each scenario drives the real
// SDK serve() handler (inngest/node) with the executor's own request builder (callSdk) and answer
// interpreter (interpret), in memory instead of the database. The transcript (normalized: no
// stacks, timings or signatures) must equal the committed fixture, so an SDK upgrade that changes
// the protocol, or an executor change that sends something else, fails here.
// Re-record after a deliberate change: UPDATE_CONTRACTS=1 npx vitest run -c test/vitest.config.ts test/contract
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Inngest, NonRetriableError, RetryAfterError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callSdk, interpret, type CallAnswer } from "@/lib/executor/call-sdk";
import type { FunctionConfig } from "@/lib/executor/protocol";
import { syncAnswerSchema } from "@/lib/executor/protocol";
import { canonicalJson, hashedSigningKey, sign } from "@/lib/executor/signature";
import { failedEvent, triggers, type NewJob } from "@/lib/executor/store";
import { CHECKPOINT_BUFFERED_STEPS } from "@/lib/inngest/client";
import { freePort } from "../support/ports";

const KEY = `signkey-test-${"c0ffee00".repeat(8)}`;
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const UPDATE = process.env.UPDATE_CONTRACTS === "1";
const TS = 1_795_000_000_000;

let attempts: Record<string, number> = {};
const bump = (k: string) => (attempts[k] = (attempts[k] ?? 0) + 1);

const inngest = new Inngest({
  id: "contract",
  isDev: false,
  checkpointing: false,
  signingKey: KEY,
  eventKey: "test",
  baseUrl: "http://127.0.0.1:9",
});
const functions = [
  inngest.createFunction({ id: "run", retries: 2, triggers: [{ event: "c/run" }] }, async ({ event, step }) => {
    const a = await step.run("a", () => ({ got: (event.data as { x: number }).x }));
    const b = await step.run("b", () => a.got * 2);
    return { a, b };
  }),
  inngest.createFunction({ id: "retry", retries: 2, triggers: [{ event: "c/retry" }] }, async ({ step }) => {
    const v = await step.run("flaky", () => {
      if (bump("flaky") === 1) throw new Error("transient");
      return "second time lucky";
    });
    const w = await step.run("polite", () => {
      if (bump("polite") === 1) throw new RetryAfterError("rate limited", "30s");
      return "after waiting";
    });
    return [v, w];
  }),
  inngest.createFunction(
    { id: "step-failed", retries: 1, triggers: [{ event: "c/step-failed" }] },
    async ({ step }) => {
      try {
        await step.run("always", () => {
          throw new Error("still down");
        });
      } catch (e) {
        // A step that failed for good surfaces in the function as a thrown error it can handle.
        await step.run("fallback", () => `handled: ${(e as Error).message}`);
      }
      await step.run("final", () => {
        throw new NonRetriableError("gives up");
      });
    },
  ),
  inngest.createFunction({ id: "sleep", retries: 0, triggers: [{ event: "c/sleep" }] }, async ({ step }) => {
    await step.sleep("nap", "90s");
    await step.sleepUntil("alarm", new Date(TS + 3_600_000));
    return step.run("after", () => "woke");
  }),
  inngest.createFunction({ id: "parallel", retries: 0, triggers: [{ event: "c/parallel" }] }, async ({ step }) => {
    const [x, y] = await Promise.all([step.run("x", () => "X"), step.run("y", () => "Y")]);
    return step.run("join", () => x + y);
  }),
  inngest.createFunction(
    {
      id: "on-failure",
      retries: 0,
      triggers: [{ event: "c/on-failure" }],
      onFailure: async ({ event, error, step }) =>
        step.run("alert", () => ({ alerted: error.message, failedRun: (event.data as { run_id: string }).run_id })),
    },
    async () => {
      throw new NonRetriableError("order not found");
    },
  ),
];

// v4 async checkpointing: the same protocol plus the SDK's reports to /v1/checkpoint/:runId/async
// (captured here, answered 200, or 409 for a run "cancelled" meanwhile).
const captured: { path: string; auth: boolean; body: unknown }[] = [];
let refuseCheckpoints = false;
const api = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    captured.push({
      path: req.url ?? "",
      auth: req.headers.authorization === `Bearer ${hashedSigningKey(KEY)}`,
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
    });
    res.writeHead(refuseCheckpoints ? 409 : 200, { "content-type": "application/json" }).end("{}");
  });
});
let cpInngest: Inngest;
let cpUrl: string;
let cpConfigs: FunctionConfig[] = [];

let server: http.Server;
let url: string;
let configs: FunctionConfig[] = [];

beforeAll(async () => {
  const handler = serve({ client: inngest, functions });
  server = http.createServer((req, res) => void handler(req, res));
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${port}/api/inngest`;
  const body = canonicalJson({ url });
  const res = await fetch(url, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      "x-inngest-sync-kind": "in_band",
      "x-inngest-signature": sign(body, KEY),
    },
    body,
  });
  configs = syncAnswerSchema.parse(await res.json()).functions;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise<void>((r) => api.close(() => r()));
});

beforeAll(async () => {
  const apiPort = await freePort();
  await new Promise<void>((r) => api.listen(apiPort, "127.0.0.1", () => r()));
  cpInngest = new Inngest({
    id: "contract-cp",
    isDev: false,
    checkpointing: true,
    signingKey: KEY,
    eventKey: "test",
    baseUrl: `http://127.0.0.1:${apiPort}`,
  });
  const fn = cpInngest.createFunction(
    { id: "steps", retries: 2, triggers: [{ event: "c/checkpoint" }] },
    async ({ step }) => {
      const a = await step.run("a", () => "A");
      const b = await step.run("b", () => `${a}B`);
      return step.run("c", () => `${b}C`);
    },
  );
  // The app's setting (lib/inngest/client.ts): finished steps reported in batches.
  const buffered = { bufferedSteps: CHECKPOINT_BUFFERED_STEPS };
  const batched = cpInngest.createFunction(
    { id: "batched", retries: 2, checkpointing: buffered, triggers: [{ event: "c/batched" }] },
    async ({ step }) => {
      const a = await step.run("a", () => "A");
      const b = await step.run("b", () => `${a}B`);
      return step.run("c", () => `${b}C`);
    },
  );
  const batchedSleep = cpInngest.createFunction(
    { id: "batched-sleep", retries: 2, checkpointing: buffered, triggers: [{ event: "c/batched-sleep" }] },
    async ({ step }) => {
      const a = await step.run("a", () => "A");
      const b = await step.run("b", () => `${a}B`);
      await step.sleep("nap", "1h");
      return step.run("c", () => `${b}C`);
    },
  );
  const handler = serve({ client: cpInngest, functions: [fn, batched, batchedSleep] });
  const cpServer = http.createServer((req, res) => void handler(req, res));
  const port = await freePort();
  await new Promise<void>((r) => cpServer.listen(port, "127.0.0.1", () => r()));
  cpUrl = `http://127.0.0.1:${port}/api/inngest`;
  const body = canonicalJson({ url: cpUrl });
  const res = await fetch(cpUrl, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      "x-inngest-sync-kind": "in_band",
      "x-inngest-signature": sign(body, KEY),
    },
    body,
  });
  cpConfigs = syncAnswerSchema.parse(await res.json()).functions;
  server.on("close", () => cpServer.close());
});

type Entry = {
  request: { query: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
  executor: unknown;
};

/** Drops what changes from run to run or checkout to checkout: stack traces (also inside
 * serialized errors, where they carry absolute paths), timings. */
function normalize(v: unknown): unknown {
  if (typeof v === "string") return v.replace(/\n\s+at [^\n]*/g, "");
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => k !== "stack" && k !== "timing")
        .map(([k, x]) => [k, normalize(x)]),
    );
  }
  return v;
}
const parse = (text: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};
/** The fields of a checkpoint report the executor reads, plus the ids that say which call it belongs to. */
const pick = (body: unknown) => {
  const b = body as {
    run_id: string;
    fn_id: string;
    qi_id: string;
    steps: { id: string; op: string; name?: string; data?: unknown }[];
  };
  return {
    run_id: b.run_id,
    fn_id: b.fn_id,
    qi_id: b.qi_id,
    steps: b.steps.map((st) => ({ id: st.id, op: st.op, name: st.name, data: st.data })),
  };
};
const KEPT_HEADERS = ["x-inngest-no-retry", "retry-after", "x-inngest-req-version"];
/** What the executor decided, with times relative to the call (backoff jitter shown as a range). */
function decision(o: ReturnType<typeof interpret>, now: number) {
  const job = (j: NewJob) => {
    const d = j.notBefore - now;
    return {
      kind: j.kind,
      stepId: j.stepId,
      attempt: j.attempt,
      delay: j.kind === "call" && j.attempt > 0 && d >= 8000 && d <= 12_000 ? "backoff 10s±20%" : `${d}ms`,
    };
  };
  return normalize({ ...o, jobs: o.jobs?.map(job) });
}

/** Runs one event through the function(s) it triggers, like the executor, recording every call. */
async function drive(event: { name: string; data: Record<string, unknown> }): Promise<Entry[]> {
  const transcript: Entry[] = [];
  const pending: { fn: FunctionConfig; event: Record<string, unknown>; runId: string }[] = [];
  const full = { ...event, id: `evt-${event.name}`, ts: TS };
  for (const fn of configs) if (triggers(fn, full)) pending.push({ fn, event: full, runId: `run-${fn.id}` });
  while (pending.length > 0) {
    const { fn, event: ev, runId } = pending.shift()!;
    const steps: { stepId: string; result: string }[] = [];
    const jobs: (NewJob & { attemptOf?: string })[] = [{ kind: "call", stepId: "step", attempt: 0, notBefore: TS }];
    let sdkVersion: number | null = null;
    let disableImmediate = false;
    const maxAttempts = (Object.values(fn.steps)[0]?.retries?.attempts ?? 3) + 1;
    for (let calls = 0; jobs.length > 0; calls++) {
      if (calls > 30) throw new Error(`${fn.id}: too many calls`);
      const job = jobs.shift()!;
      if (job.kind === "sleep") {
        steps.push({ stepId: job.stepId, result: "null" });
        if (jobs.length === 0) jobs.push({ kind: "call", stepId: "step", attempt: 0, notBefore: TS });
        continue;
      }
      const u = new URL(Object.values(fn.steps)[0]!.runtime.url);
      u.searchParams.set("stepId", job.stepId);
      const input = {
        url: u.toString(),
        signingKey: KEY,
        runId,
        event: ev,
        steps: [...steps],
        sdkVersion,
        attempt: job.attempt,
        maxAttempts,
        disableImmediate,
      };
      const answer: CallAnswer = await callSdk(input, 10_000);
      const outcome = interpret(
        answer,
        { stepId: job.stepId, attempt: job.attempt, maxAttempts, signingKey: KEY },
        TS,
        Date.now(),
      );
      transcript.push({
        request: {
          query: Object.fromEntries(u.searchParams),
          body: normalize(
            JSON.parse(
              canonicalJson({
                event: ev,
                steps: Object.fromEntries(steps.map((s) => [s.stepId, JSON.parse(s.result)])),
                ...(sdkVersion !== null ? { version: sdkVersion } : {}),
                ctx: {
                  run_id: runId,
                  attempt: job.attempt,
                  max_attempts: maxAttempts,
                  disable_immediate_execution: disableImmediate,
                },
              }),
            ),
          ),
        },
        response: {
          status: answer.status,
          headers: Object.fromEntries(
            KEPT_HEADERS.flatMap((h) => (answer.headers.get(h) !== null ? [[h, answer.headers.get(h)!]] : [])),
          ),
          body: normalize(parse(answer.text)),
        },
        executor: decision(outcome, TS),
      });
      if (outcome.sdkVersion !== undefined) sdkVersion = outcome.sdkVersion;
      if (outcome.disableImmediate) disableImmediate = true;
      if (outcome.finish) {
        if (outcome.finish.status === "failed") {
          const failure = failedEvent(
            { runId, functionId: fn.id, event: JSON.stringify(ev), error: outcome.finish.error },
            TS,
          );
          for (const f of configs)
            if (triggers(f, failure))
              pending.push({ fn: f, event: { ...failure, data: normalize(failure.data) }, runId: `run-${f.id}` });
        }
        break;
      }
      for (const m of outcome.memos ?? []) steps.push({ stepId: m.stepId, result: JSON.stringify(m.result) });
      jobs.push(...(outcome.jobs ?? []));
      if (jobs.length === 0) jobs.push({ kind: "call", stepId: "step", attempt: 0, notBefore: TS });
    }
  }
  return transcript;
}

const scenarios: [name: string, event: string, expectLast: (t: Entry[]) => void][] = [
  ["run", "c/run", (t) => expect(t.at(-1)!.response).toMatchObject({ status: 200, body: { a: { got: 21 }, b: 42 } })],
  [
    "retry",
    "c/retry",
    (t) => expect(t.at(-1)!.response).toMatchObject({ status: 200, body: ["second time lucky", "after waiting"] }),
  ],
  [
    "step-failed",
    "c/step-failed",
    (t) => expect(t.at(-1)!.response).toMatchObject({ status: 400, headers: { "x-inngest-no-retry": "true" } }),
  ],
  ["sleep", "c/sleep", (t) => expect(t.at(-1)!.response).toMatchObject({ status: 200, body: "woke" })],
  ["parallel", "c/parallel", (t) => expect(t.at(-1)!.response).toMatchObject({ status: 200, body: "XY" })],
  [
    "on-failure",
    "c/on-failure",
    (t) =>
      expect(t.at(-1)!.response).toMatchObject({
        status: 200,
        body: { alerted: "order not found", failedRun: "run-contract-on-failure" },
      }),
  ],
];

describe("the SDK protocol (inngest serve() over HTTP, recorded transcripts)", () => {
  it.each(scenarios)("%s", async (name, eventName, expectLast) => {
    attempts = {};
    const transcript = await drive({ name: eventName, data: { x: 21 } });
    expectLast(transcript);
    const file = path.join(FIXTURES, `${name}.json`);
    if (UPDATE || !fs.existsSync(file)) {
      fs.mkdirSync(FIXTURES, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    }
    expect(transcript).toEqual(JSON.parse(fs.readFileSync(file, "utf8")));
  });

  it.each([
    ["checkpoint", false, "steps", "c/checkpoint"],
    ["checkpoint-refused", true, "steps", "c/checkpoint"],
    ["checkpoint-batched", false, "batched", "c/batched"],
    ["checkpoint-batched-sleep", false, "batched-sleep", "c/batched-sleep"],
  ] as const)("%s", async (name, refuse, fnId, eventName) => {
    captured.length = 0;
    refuseCheckpoints = refuse;
    const fn = cpConfigs.find((c) => c.id === `contract-cp-${fnId}`)!;
    const u = new URL(fn.steps.step!.runtime.url);
    const input = {
      url: u.toString(),
      signingKey: KEY,
      runId: "run-cp",
      event: { name: eventName, data: {}, id: "evt-cp", ts: TS },
      steps: [],
      sdkVersion: 2,
      attempt: 0,
      maxAttempts: 3,
      disableImmediate: false,
      checkpoint: { fnId: fn.id, queueItemId: "job-1" },
    };
    const answer = await callSdk(input, 20_000);
    const outcome = interpret(answer, { stepId: "step", attempt: 0, maxAttempts: 3, signingKey: KEY }, TS, Date.now());
    const transcript = {
      checkpoints: captured.map((c) => ({ ...c, body: normalize(pick(c.body)) })),
      response: {
        status: answer.status,
        headers: Object.fromEntries(
          KEPT_HEADERS.flatMap((h) => (answer.headers.get(h) !== null ? [[h, answer.headers.get(h)!]] : [])),
        ),
        body: normalize(parse(answer.text)),
      },
      executor: decision(outcome, TS),
    };
    const reported = transcript.checkpoints.map((c) =>
      (c.body as { steps: { op: string; data: unknown }[] }).steps.map((st) => [st.op, st.data]),
    );
    const body = transcript.response.body;
    const answered = Array.isArray(body)
      ? (body as { op: string; data?: unknown }[]).map((op) => [op.op, op.data])
      : body;
    if (name === "checkpoint-batched") {
      // Batched: nothing reported on the way; the answer carries every step and the run's end.
      expect(reported).toEqual([]);
      expect(answered).toEqual([
        ["StepRun", "A"],
        ["StepRun", "AB"],
        ["StepRun", "ABC"],
        ["RunComplete", "ABC"],
      ]);
      expect(outcome.finish).toEqual({ status: "completed", output: "ABC" });
    } else if (name === "checkpoint-batched-sleep") {
      // A sleep reports the batch first (one report, two steps), then answers the sleep.
      expect(reported).toEqual([
        [
          ["StepRun", "A"],
          ["StepRun", "AB"],
        ],
      ]);
      expect((answered as unknown[][]).map(([op]) => op)).toEqual(["Sleep"]);
      expect(outcome.finish).toBeUndefined();
    } else if (!refuse) {
      // Each step reported before the next one ran; the answer completes the run.
      expect(
        transcript.checkpoints.map((c) =>
          (c.body as { steps: { op: string; data: unknown }[] }).steps.map((st) => [st.op, st.data]),
        ),
      ).toEqual([[["StepRun", "A"]], [["StepRun", "AB"]], [["StepRun", "ABC"]]]);
      expect(outcome.finish).toEqual({ status: "completed", output: "ABC" });
    } else {
      // 409 (the run was cancelled): the SDK stops after the first step and starts no other.
      expect(transcript.checkpoints).toHaveLength(1);
      expect(outcome.finish?.status).toBe("failed");
    }
    const file = path.join(FIXTURES, `${name}.json`);
    if (UPDATE || !fs.existsSync(file)) fs.writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    expect(transcript).toEqual(JSON.parse(fs.readFileSync(file, "utf8")));
  });

  it("registers the function configs the executor relies on", () => {
    const byId = Object.fromEntries(configs.map((c) => [c.id, c]));
    expect(byId["contract-on-failure-failure"]?.triggers).toEqual([
      { event: "inngest/function.failed", expression: "event.data.function_id == 'contract-on-failure'" },
    ]);
    expect(byId["contract-retry"]?.steps.step?.retries).toEqual({ attempts: 2 });
    expect(new URL(byId["contract-run"]!.steps.step!.runtime.url).searchParams.get("fnId")).toBe("contract-run");
  });
});
