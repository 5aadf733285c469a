// One signed call into the SDK's serve() endpoint and the interpretation of its answer as an
// Outcome for the store. Pure apart from fetch, so the protocol handling is testable on its own.
import { loopbackFetch } from "@/lib/net/loopback-fetch";
import { wakeUpAt } from "./duration";
import { opsSchema, type Op } from "./protocol";
import { canonicalJson, sign, verify } from "./signature";
import type { NewJob, Outcome } from "./store";

export type CallInput = {
  url: string;
  signingKey: string;
  runId: string;
  event: unknown;
  steps: { stepId: string; result: string }[];
  sdkVersion: number | null;
  attempt: number;
  maxAttempts: number;
  disableImmediate: boolean;
  /**
   * v4 async checkpointing: with these the SDK runs step after step in one request, reporting
   * each finished step to the executor's /v1/checkpoint/:runId/async before it starts the next.
   */
  checkpoint?: { fnId: string; queueItemId: string };
};

export type CallAnswer = { status: number; headers: Headers; text: string };

export async function callSdk(input: CallInput, timeoutMs: number): Promise<CallAnswer> {
  const body = canonicalJson({
    event: input.event,
    events: [input.event],
    steps: Object.fromEntries(input.steps.map((s) => [s.stepId, JSON.parse(s.result)])),
    ...(input.sdkVersion !== null ? { version: input.sdkVersion } : {}),
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: input.disableImmediate,
      use_api: false,
      ...(input.checkpoint ? { fn_id: input.checkpoint.fnId, qi_id: input.checkpoint.queueItemId } : {}),
      stack: { stack: input.steps.map((s) => s.stepId), current: input.steps.length },
    },
  });
  const res = await loopbackFetch(input.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-inngest-server-kind": "cloud",
      "x-inngest-signature": sign(body, input.signingKey),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Backoff before the retry that follows a failed attempt `attempt` (0-based): 10 s, 1 min, 3 min,
 * 10 min, 30 min, 1 h, 2 h, then 4 h, each ±20 % jitter. The first four retries (the default of 4)
 * span more than 11 minutes, so a 10-minute outage of a target is survived.
 */
export const BACKOFF_MS = [10_000, 60_000, 180_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];

/** Delay before attempt `attempt + 1`: the backoff table with jitter, or the SDK's Retry-After. */
export function retryDelayMs(attempt: number, retryAfter: string | null, nowMs: number): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const at = Number.isNaN(seconds) ? Date.parse(retryAfter) - nowMs : seconds * 1000;
    if (Number.isFinite(at) && at >= 0) return at;
  }
  const base = BACKOFF_MS[Math.min(Math.max(attempt, 0), BACKOFF_MS.length - 1)]!;
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Turns an SDK answer into what the store must do. */
export function interpret(
  answer: CallAnswer,
  call: { stepId: string; attempt: number; maxAttempts: number; signingKey: string },
  nowMs: number,
  /** The real time, for the signature's age (nowMs may come from a test clock). */
  signedAtMs = nowMs,
): Outcome {
  const outcome: Outcome = {};
  const version = answer.headers.get("x-inngest-req-version");
  if (version) outcome.sdkVersion = Number(version);
  if (!verify(answer.text, answer.headers.get("x-inngest-signature"), call.signingKey, signedAtMs)) {
    return {
      finish: {
        status: "failed",
        error: { name: "SignatureError", message: `SDK answer ${answer.status} has a missing or bad signature` },
      },
    };
  }
  const retry = (): NewJob[] | null =>
    call.attempt + 1 < call.maxAttempts
      ? [
          {
            kind: "call",
            stepId: call.stepId,
            attempt: call.attempt + 1,
            notBefore: nowMs + retryDelayMs(call.attempt, answer.headers.get("retry-after"), nowMs),
          },
        ]
      : null;

  if (answer.status === 200) return { ...outcome, finish: { status: "completed", output: parseJson(answer.text) } };
  if (answer.status !== 206) {
    const noRetry =
      answer.headers.get("x-inngest-no-retry") === "true" || answer.status === 400 || answer.status === 401;
    const again = noRetry ? null : retry();
    if (again) return { ...outcome, jobs: again };
    return { ...outcome, finish: { status: "failed", error: parseJson(answer.text) } };
  }

  const protocolError = (message: string): Outcome => ({
    ...outcome,
    finish: { status: "failed", error: { name: "ProtocolError", message } },
  });
  let ops: Op[];
  try {
    ops = opsSchema.parse(JSON.parse(answer.text));
  } catch (e) {
    return protocolError(`Unreadable 206 answer from the SDK: ${(e as Error).message.slice(0, 200)}`);
  }
  const memos: Outcome["memos"] = [];
  const jobs: NewJob[] = [];
  const planned = ops.filter((o) => o.op === "StepPlanned").length;
  if (planned > 1) outcome.disableImmediate = true;
  for (const op of ops) {
    let effect: OpEffect;
    try {
      effect = applyOp(op, nowMs, retry);
    } catch (e) {
      return protocolError((e as Error).message);
    }
    if (effect.finish) return { ...outcome, finish: effect.finish };
    if (effect.memo) memos.push(effect.memo);
    if (effect.jobs) jobs.push(...effect.jobs);
  }
  return { ...outcome, memos, jobs };
}

type OpEffect = { memo?: { stepId: string; result: unknown }; jobs?: NewJob[]; finish?: Outcome["finish"] };

function applyOp(op: Op, nowMs: number, retry: () => NewJob[] | null): OpEffect {
  switch (op.op) {
    case "StepRun":
    case "Step":
      return { memo: { stepId: op.id, result: { data: op.data ?? null } } };
    case "StepFailed":
      return { memo: { stepId: op.id, result: { error: op.error } } };
    case "StepError": {
      const again = retry();
      return again ? { jobs: again } : { memo: { stepId: op.id, result: { error: op.error } } };
    }
    case "StepPlanned":
      return { jobs: [{ kind: "call", stepId: op.id, attempt: 0, notBefore: nowMs }] };
    case "Sleep": {
      const spec = typeof op.opts?.duration === "string" ? op.opts.duration : op.name;
      if (!spec)
        return {
          finish: { status: "failed", error: { name: "ProtocolError", message: "Sleep op without a duration" } },
        };
      return { jobs: [{ kind: "sleep", stepId: op.id, attempt: 0, notBefore: wakeUpAt(spec, nowMs) }] };
    }
    case "RunComplete":
      return { finish: { status: "completed", output: op.data } };
    case "StepNotFound":
      return {};
    default:
      return {
        finish: {
          status: "failed",
          error: { name: "ProtocolError", message: `Unsupported opcode "${op.op}" from the SDK` },
        },
      };
  }
}
