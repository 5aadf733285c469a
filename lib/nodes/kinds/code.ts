// Logic: a JavaScript function body run in a sandbox (QuickJS in WebAssembly, no Node, network or
// files; lib/sandbox), with `trigger`, `nodes`, `loop` and `loops` as its arguments, the names the
// {{ }} references use. The step's output is { result: <the returned JSON value>, logs: [console lines] }.
// Syntax is checked here with acorn, a parser that never runs the code, so the editor's problem list
// and publish show a syntax error with its line and column in the browser and on the server alike.
import { parse } from "acorn";
import { z } from "zod";
import { defineKind } from "../kind";

export const CODE_MAX_LENGTH = 50_000;
export const CODE_DEFAULT_TIMEOUT_MS = 1000;
export const CODE_MAX_TIMEOUT_MS = 10_000;
export const CODE_DEFAULT_MEMORY_MB = 32;
export const CODE_MAX_MEMORY_MB = 64;

/** The problem with the code's syntax, with its line and column, or null when it parses. */
export function codeSyntaxProblem(code: string): string | null {
  try {
    parse(code, { ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true });
    return null;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const message = err.message.replace(/\s*\(\d+:\d+\)$/, "");
    return err.loc ? `Syntax error on line ${err.loc.line}, column ${err.loc.column + 1}: ${message}` : message;
  }
}

export const codeNode = defineKind({
  type: "code",
  label: "Code",
  group: "Logic",
  icon: "code",
  description: "Runs a JavaScript function body in a sandbox; what it returns is the step's result.",
  config: z.object({
    code: z
      .string()
      .max(CODE_MAX_LENGTH)
      .refine((c) => c.trim() !== "", "Write the code")
      .superRefine((c, ctx) => {
        if (c.trim() === "") return;
        const problem = codeSyntaxProblem(c);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .meta({
        title: "Code",
        description: "A function body: return { ... }. Reads trigger, nodes.<id>, loop.item.",
      }),
    timeoutMs: z
      .number()
      .int()
      .min(50)
      .max(CODE_MAX_TIMEOUT_MS)
      .meta({
        title: "Time limit (ms)",
        description: `Stops the code after this long (at most ${CODE_MAX_TIMEOUT_MS}).`,
      })
      .default(CODE_DEFAULT_TIMEOUT_MS),
    memoryMb: z
      .number()
      .int()
      .min(8)
      .max(CODE_MAX_MEMORY_MB)
      .meta({ title: "Memory limit (MB)", description: `At most ${CODE_MAX_MEMORY_MB}.` })
      .default(CODE_DEFAULT_MEMORY_MB),
  }),
  defaults: {
    code: "// trigger.body is the request's body; nodes.<id> the output of an earlier step.\nreturn { ok: true };\n",
    timeoutMs: CODE_DEFAULT_TIMEOUT_MS,
    memoryMb: CODE_DEFAULT_MEMORY_MB,
  },
  summary: (c) => {
    const line = c.code.split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("//")) ?? "";
    const s = line.trim();
    return s ? `JS ${s.length > 36 ? `${s.slice(0, 35)}…` : s}` : "No code yet";
  },
  sideEffect: false,
});

export type CodeConfig = z.output<typeof codeNode.config>;
