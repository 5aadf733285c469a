// Runs a user's JavaScript function body in the code step's sandbox: QuickJS compiled to
// WebAssembly, in a worker thread of its own (code.worker.mjs says what the code can reach and how
// each limit is kept). The thread keeps the engine's event loop free while the code runs, and it
// is terminated if it outlives the time limit by HARD_STOP_GRACE_MS (counted from when the code
// starts, after the thread has loaded QuickJS, which a busy machine slows): a few native operations
// (filling a huge array near the memory limit) run long between two interrupt checks.
import "server-only";
import { availableParallelism } from "node:os";
import { startAppWorker } from "@/lib/app-worker";

export type SandboxLimits = {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
  maxInputBytes: number;
  maxOutputBytes: number;
  maxLogLines: number;
  maxLogLineChars: number;
};

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  timeoutMs: 1000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxInputBytes: 5 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
  maxLogLines: 100,
  maxLogLineChars: 1000,
};

export type ConsoleLine = { level: "log" | "warn" | "error"; text: string };

export type SandboxResult =
  | { ok: true; value: unknown; logs: ConsoleLine[]; droppedLogs: number }
  | { ok: false; error: string; logs: ConsoleLine[]; droppedLogs: number };

export type CodeArguments = Record<string, unknown>;

/**
 * Sandbox threads alive at once in this process (each holds a V8 isolate and up to its memory
 * limit): more code steps at the same time wait their turn instead of exhausting the machine's
 * memory. A limit of the process's resources, so process memory is the right place for it.
 */
export const MAX_SANDBOX_THREADS = Math.max(2, Math.min(8, availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

async function withSandboxSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_SANDBOX_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    // The slot passes to the next waiter as is, or is given back.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** How long past its time limit the code's thread may run before it is killed. */
export const HARD_STOP_GRACE_MS = 3000;
/** How long the thread may take to load QuickJS before the code starts (a stuck start is killed). */
const START_UP_LIMIT_MS = 60_000;

type WorkerResult =
  { ok: true; json: string; logs: ConsoleLine[]; droppedLogs: number } | (SandboxResult & { ok: false });
type WorkerMessage = WorkerResult | { started: true };

export async function runCode(
  code: string,
  args: CodeArguments,
  limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS,
): Promise<SandboxResult> {
  const inputJson = JSON.stringify(["trigger", "nodes", "loop", "loops"].map((n) => args[n] ?? null));
  if (Buffer.byteLength(inputJson) > limits.maxInputBytes)
    return fail(`The data for the code is more than ${mb(limits.maxInputBytes)} of JSON`);

  const answer = await withSandboxSlot(() => runInThread(code, inputJson, limits));
  if (answer === "killed") return fail(`The code ran longer than ${limits.timeoutMs} ms and was stopped`);
  if (answer === "crashed") return fail("The code's sandbox stopped unexpectedly");
  // The host cuts too, whatever the sandbox sent: the message is stored with the step record.
  if (!answer.ok) return { ...answer, error: answer.error.slice(0, MAX_ERROR_CHARS) };
  if (Buffer.byteLength(answer.json) > limits.maxOutputBytes)
    return { ...answer, ok: false, error: `The returned value is more than ${mb(limits.maxOutputBytes)} of JSON` };
  return { ok: true, value: JSON.parse(answer.json) as unknown, logs: answer.logs, droppedLogs: answer.droppedLogs };
}

const MAX_ERROR_CHARS = 8000;

async function runInThread(code: string, inputJson: string, limits: SandboxLimits) {
  const worker = startAppWorker("sandbox/code.worker.mjs", { code, inputJson, limits });
  const answer = await new Promise<WorkerResult | "killed" | "crashed">((resolve) => {
    let killer = setTimeout(() => resolve("killed"), START_UP_LIMIT_MS);
    const done = (a: WorkerResult | "crashed") => {
      clearTimeout(killer);
      resolve(a);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (!("started" in m)) return done(m);
      clearTimeout(killer);
      killer = setTimeout(() => resolve("killed"), limits.timeoutMs + HARD_STOP_GRACE_MS);
    });
    worker.once("error", () => done("crashed"));
    worker.once("exit", () => done("crashed"));
  });
  await worker.terminate();
  return answer;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const fail = (error: string): SandboxResult => ({ ok: false, error, logs: [], droppedLogs: 0 });
