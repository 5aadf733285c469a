// Code node: the function body runs in the sandbox (lib/sandbox/run-code.ts) with the same data the
// {{ }} references read: trigger, nodes (outputs of the steps before), loop and loops. Its output is
// { result, logs }: the returned JSON value and the console lines ("[warn] text"), bounded. Every
// failure is permanent (the same code fails the same way on a retry); the message says what and
// where (line, column), followed by the last console lines.
import "server-only";
import type { CodeConfig } from "@/lib/nodes/kinds/code";
import { DEFAULT_SANDBOX_LIMITS, runCode, type ConsoleLine } from "@/lib/sandbox/run-code";
import type { Scope } from "../scope";
import { PermanentError } from "../step-error";
import type { NodeExecutor } from "./types";

export type CodeInput = { code: string; timeoutMs: number; memoryMb: number };
export type CodeOutput = { result: unknown; logs: string[] };

/** Console lines kept in a failed step's error message. */
const LOGS_IN_ERROR = 20;

// The scope travels beside the recorded input (not in it: the data is in the earlier steps' records).
const scopes = new WeakMap<object, Scope>();

const logLine = (l: ConsoleLine) => (l.level === "log" ? l.text : `[${l.level}] ${l.text}`);

function withDropped(lines: string[], dropped: number): string[] {
  return dropped > 0 ? [...lines, `… ${dropped} more console line${dropped === 1 ? "" : "s"} not kept`] : lines;
}

export const codeExecutor: NodeExecutor<CodeConfig, CodeInput> = {
  resolve(config, scope) {
    const input: CodeInput = { code: config.code, timeoutMs: config.timeoutMs, memoryMb: config.memoryMb };
    scopes.set(input, scope);
    return { input, missing: [] };
  },

  async run(input): Promise<CodeOutput> {
    const scope = scopes.get(input);
    if (!scope) throw new PermanentError("The Code step lost its data (internal error)");
    const r = await runCode(
      input.code,
      { trigger: scope.trigger, nodes: scope.nodes, loop: scope.loop, loops: scope.loops },
      { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: input.timeoutMs, memoryBytes: input.memoryMb * 1024 * 1024 },
    );
    const logs = withDropped(r.logs.map(logLine), r.droppedLogs);
    if (r.ok) return { result: r.value, logs };
    const tail = logs.slice(-LOGS_IN_ERROR);
    throw new PermanentError(tail.length ? `${r.error}\nConsole:\n${tail.join("\n")}` : r.error);
  },
};
