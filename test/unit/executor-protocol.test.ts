// How the embedded executor reads an SDK answer: finish, memoize, retry, plan, sleep or fail.
// The ops are the real shapes inngest@4.24.0 sent in the executor probe's transcripts.
import { describe, expect, it } from "vitest";
import { BACKOFF_MS, interpret, retryDelayMs, type CallAnswer } from "@/lib/executor/call-sdk";
import { sign } from "@/lib/executor/signature";

const KEY = "signkey-test-5f1c2c0e0f6a4b8e9d7c3b2a1908f7e6d5c4b3a29180706f5e4d3c2b1a0f9e8d";
const NOW = Date.parse("2026-11-22T13:14:06.000Z");
const STEP_A = "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8";
const STEP_B = "e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98";
const boom = {
  name: "Error",
  message: "transient failure in b (first attempt)",
  stack: "Error: transient failure in b (first attempt)",
  __serialized: true,
};
const op = {
  stepRun: {
    id: STEP_A,
    op: "StepRun",
    name: "a",
    opts: {},
    displayName: "a",
    userland: { id: "a" },
    data: { a: 1, input: { user: "A" } },
    timing: { a: 1795353246099000000, b: 0 },
  },
  stepError: {
    id: STEP_B,
    op: "StepError",
    name: "b",
    opts: {},
    displayName: "b",
    userland: { id: "b" },
    error: boom,
    timing: { a: 1795353246193000000, b: 0 },
    data: null,
  },
  stepFailed: {
    id: STEP_B,
    op: "StepFailed",
    name: "b",
    opts: {},
    displayName: "b",
    userland: { id: "b" },
    error: boom,
    data: { __serialized: true, name: "Error", message: "boom" },
  },
  planned: (id: string, name: string) => ({
    displayName: name,
    op: "StepPlanned",
    id,
    name,
    opts: {},
    userland: { id: name },
    data: null,
  }),
  sleep: (name: string) => ({
    displayName: "wait",
    op: "Sleep",
    id: "ed9023c21a2e600388bfd18442e17c0fedbf37e2",
    name,
    opts: {},
    userland: { id: "wait" },
    data: null,
  }),
  waitForEvent: {
    displayName: "wait-approval",
    op: "WaitForEvent",
    id: "df213fbba68cded20d69d058d0047d7233586642",
    name: "demo/approved",
    opts: { timeout: "1h" },
    userland: { id: "wait-approval" },
    data: null,
  },
};

/** An answer as the SDK sends it: its raw text signed with the shared key. */
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): CallAnswer => {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, text, headers: new Headers({ "x-inngest-signature": sign(text, KEY, NOW), ...headers }) };
};
const call = (attempt = 0, maxAttempts = 4) => ({ stepId: "step", attempt, maxAttempts, signingKey: KEY });

describe("a finished function", () => {
  it("completes the run with the parsed output and records the SDK version", () => {
    const out = { done: true, a: { a: 1, input: { user: "A" } } };
    expect(interpret(answer(200, out, { "x-inngest-req-version": "2" }), call(), NOW)).toEqual({
      sdkVersion: 2,
      finish: { status: "completed", output: out },
    });
  });
});

describe("step ops", () => {
  it("memoizes a step that ran", () => {
    expect(interpret(answer(206, [op.stepRun]), call(), NOW)).toEqual({
      memos: [{ stepId: STEP_A, result: { data: { a: 1, input: { user: "A" } } } }],
      jobs: [],
    });
  });

  it("retries a step error while attempts are left", () => {
    const outcome = interpret(answer(206, [op.stepError], { "x-inngest-no-retry": "false" }), call(0, 4), NOW);
    expect(outcome.memos).toEqual([]);
    expect(outcome.jobs).toHaveLength(1);
    const [job] = outcome.jobs!;
    expect(job).toMatchObject({ kind: "call", stepId: "step", attempt: 1 });
    // The first retry waits 10 s ± 20 %.
    expect(job!.notBefore).toBeGreaterThanOrEqual(NOW + 8000);
    expect(job!.notBefore).toBeLessThanOrEqual(NOW + 12_000);
  });

  it("memoizes the error of a step error on the last attempt", () => {
    expect(interpret(answer(206, [op.stepError]), call(3, 4), NOW)).toEqual({
      memos: [{ stepId: STEP_B, result: { error: boom } }],
      jobs: [],
    });
  });

  it("memoizes the error of a failed step at once", () => {
    expect(interpret(answer(206, [op.stepFailed], { "x-inngest-no-retry": "true" }), call(0, 4), NOW)).toEqual({
      memos: [{ stepId: STEP_B, result: { error: boom } }],
      jobs: [],
    });
  });

  it("schedules each planned step now and turns off immediate execution for parallel steps", () => {
    const x = "11f6ad8ec52a2984abaafd7c3b516503785c2072";
    const y = "95cb0bfd2977c761298d9624e4b4d4c72a39974a";
    expect(interpret(answer(206, [op.planned(x, "x"), op.planned(y, "y")]), call(), NOW)).toEqual({
      disableImmediate: true,
      memos: [],
      jobs: [
        { kind: "call", stepId: x, attempt: 0, notBefore: NOW },
        { kind: "call", stepId: y, attempt: 0, notBefore: NOW },
      ],
    });
    expect(interpret(answer(206, [op.planned(x, "x")]), call(), NOW).disableImmediate).toBeUndefined();
  });

  it("sleeps for a duration or until a date", () => {
    expect(interpret(answer(206, [op.sleep("2s")]), call(), NOW).jobs).toEqual([
      { kind: "sleep", stepId: op.sleep("").id, attempt: 0, notBefore: NOW + 2000 },
    ]);
    const until = "2026-12-01T08:00:00.000Z";
    expect(interpret(answer(206, [op.sleep(until)]), call(), NOW).jobs?.[0]?.notBefore).toEqual(Date.parse(until));
  });

  it("fails the run on an op it does not support", () => {
    expect(interpret(answer(206, [op.waitForEvent]), call(), NOW)).toEqual({
      finish: {
        status: "failed",
        error: { name: "ProtocolError", message: 'Unsupported opcode "WaitForEvent" from the SDK' },
      },
    });
  });
});

// A signed answer that interpret() cannot read must still end the run: when it throws instead,
// the executor's job crashes, its lease runs out and the same call is replayed forever.
describe("an answer the executor cannot read", () => {
  it.each([
    ["a 206 body that is not JSON", "<html>Partial Content</html>"],
    ["a 206 body that is not a list of ops", { steps: "nope" }],
    ["a sleep with an unreadable duration", [op.sleep("a while")]],
  ])("fails the run with a ProtocolError on %s", (_, body) => {
    let outcome: unknown;
    expect(() => (outcome = interpret(answer(206, body), call(), NOW))).not.toThrow();
    expect(outcome).toMatchObject({ finish: { status: "failed", error: { name: "ProtocolError" } } });
  });
});

describe("an SDK error", () => {
  const crash = { name: "Error", message: "handler crashed" };

  it("is retried while attempts are left, honouring Retry-After", () => {
    expect(interpret(answer(500, crash, { "retry-after": "7" }), call(1, 4), NOW)).toEqual({
      jobs: [{ kind: "call", stepId: "step", attempt: 2, notBefore: NOW + 7000 }],
    });
  });

  it.each([
    ["a 500 on the last attempt", answer(500, crash), call(3, 4)],
    ["a 400", answer(400, crash), call(0, 4)],
    ["an answer marked x-inngest-no-retry", answer(500, crash, { "x-inngest-no-retry": "true" }), call(0, 4)],
  ])("fails the run on %s", (_, a, c) => {
    expect(interpret(a, c, NOW)).toEqual({ finish: { status: "failed", error: crash } });
  });
});

describe("answer signatures", () => {
  const failed = {
    finish: {
      status: "failed",
      error: { name: "SignatureError", message: "SDK answer 200 has a missing or bad signature" },
    },
  };

  it.each([
    ["a tampered body", { ...answer(200, { ok: true }), text: '{"ok":false}' }],
    ["no signature", { status: 200, text: "{}", headers: new Headers() }],
    [
      "another key's signature",
      {
        status: 200,
        text: "{}",
        headers: new Headers({ "x-inngest-signature": sign("{}", "signkey-test-00ff", NOW) }),
      },
    ],
  ])("fail the run on %s", (_, a) => {
    expect(interpret(a, call(), NOW)).toEqual(failed);
  });
});

describe("the delay before a retry", () => {
  it("honours Retry-After in seconds and as an HTTP date", () => {
    expect(retryDelayMs(0, "2", NOW)).toBe(2000);
    expect(retryDelayMs(0, new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
  });

  it.each([null, "soon", new Date(NOW - 60_000).toUTCString()])(
    "follows the backoff table with ±20 %% jitter when Retry-After is %j",
    (header) => {
      for (const [attempt, base] of [
        [0, 10_000],
        [1, 60_000],
        [2, 180_000],
        [3, 600_000],
        [12, 14_400_000],
        [40, 14_400_000],
      ] as const) {
        for (let i = 0; i < 20; i++) {
          const delay = retryDelayMs(attempt, header, NOW);
          expect(delay).toBeGreaterThanOrEqual(base * 0.8);
          expect(delay).toBeLessThanOrEqual(base * 1.2);
        }
      }
    },
  );

  it("spans more than ten minutes over the default four retries, even with the shortest jitter", () => {
    expect(BACKOFF_MS.slice(0, 4).reduce((a, b) => a + b, 0) * 0.8).toBeGreaterThan(10 * 60_000);
  });
});
