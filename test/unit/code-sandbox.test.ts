// The code step's sandbox (lib/sandbox): escape attempts and resource bombs each end in a clear
// error, and the next evaluation in the same process still works and sees nothing of the last one.
import { describe, expect, test } from "vitest";
import { codeSyntaxProblem, codeNode } from "@/lib/nodes/kinds/code";
import { DEFAULT_SANDBOX_LIMITS, runCode, type SandboxLimits } from "@/lib/sandbox/run-code";

const args = { trigger: { body: { n: 41, items: [1, 2, 3] } }, nodes: { prev: { total: 5 } } };
// Generous time where time is not what a test is about (the machine may be busy); short where it is.
const limits: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 10_000 };
const short: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 800 };

async function run(code: string, l: SandboxLimits = limits) {
  return runCode(code, args, l);
}

/** The worker is unharmed: a plain evaluation right after still answers, and the host is untouched. */
async function expectHealthy() {
  const r = await run("return { n: trigger.body.n + 1, leaked: ({}).x ?? null, total: nodes.prev.total }");
  expect(r).toMatchObject({ ok: true, value: { n: 42, leaked: null, total: 5 } });
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect((globalThis as Record<string, unknown>).hacked).toBeUndefined();
}

function expectError(r: Awaited<ReturnType<typeof run>>, pattern: RegExp) {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
}

describe("code sandbox", { timeout: 60_000 }, () => {
  test("returns the JSON value, reads trigger and nodes, captures console lines", async () => {
    const r = await run(
      'console.log("sum", trigger.body.items.reduce((a, b) => a + b, 0), { a: 1 }); console.warn("careful"); console.error(new Error("x").message);\n' +
        "return { doubled: trigger.body.items.map((i) => i * 2), prev: nodes.prev.total };",
    );
    expect(r).toEqual({
      ok: true,
      value: { doubled: [2, 4, 6], prev: 5 },
      logs: [
        { level: "log", text: 'sum 6 {"a":1}' },
        { level: "warn", text: "careful" },
        { level: "error", text: "x" },
      ],
      droppedLogs: 0,
    });
  });

  test("console capture is bounded in lines and length", async () => {
    const r = await run('for (let i = 0; i < 250; i++) console.log("y".repeat(5000)); return 1');
    expect(r.ok).toBe(true);
    expect(r.logs).toHaveLength(DEFAULT_SANDBOX_LIMITS.maxLogLines);
    expect(r.droppedLogs).toBe(150);
    expect(r.logs[0]!.text.length).toBe(DEFAULT_SANDBOX_LIMITS.maxLogLineChars);
  });

  test("prototype changes stay in their own run", async () => {
    const r = await run("Object.prototype.x = 1; Array.prototype.push = null; globalThis.hacked = 1; return ({}).x");
    expect(r).toMatchObject({ ok: true, value: 1 });
    await expectHealthy();
  });

  test("constructor.constructor reaches no process", async () => {
    expectError(await run('return this.constructor.constructor("return process")()'), /process.* is not defined/);
    expectError(await run('return (function(){}).constructor("return globalThis.process.env")()'), /TypeError|process/);
    await expectHealthy();
  });

  test("there is no require, no import and no fetch", async () => {
    const r = await run("return [typeof globalThis.require, typeof fetch, typeof process, typeof setTimeout]");
    expect(r).toMatchObject({ ok: true, value: ["undefined", "undefined", "undefined", "undefined"] });
    expectError(await run('return require("fs")'), /ReferenceError: 'require' is not defined \(line 1/);
    expectError(await run('return import("fs")'), /returned a promise/);
    await expectHealthy();
  });

  test("an infinite loop stops at the time limit", async () => {
    expectError(await run("while (true) {}", short), /ran longer than 800 ms and was stopped/);
    expectError(await run("for (;;) { try { while (true) {} } catch (e) {} }", short), /ran longer than 800 ms/);
    await expectHealthy();
  });

  test("a memory bomb stops at the memory limit", async () => {
    const r = await run("let a = []; let i = 0; while (1) a.push({ i: i++, s: 'x' + i })", {
      ...limits,
      timeoutMs: 20_000,
      memoryBytes: 8 * 1024 * 1024,
    });
    expectError(r, /used more than 8 MB of memory and was stopped/);
    expectError(await run('return "x".repeat(5e7).length'), /used more than 32 MB of memory/);
    await expectHealthy();
  });

  test("a native operation that outlives the time limit is killed with its thread", async () => {
    // Filling arrays near the memory limit runs long between two interrupt checks.
    const r = await run("let a = []; while (1) a.push(new Array(1e5).fill(0))", { ...limits, timeoutMs: 300 });
    expectError(r, /ran longer than 300 ms and was stopped/);
    await expectHealthy();
  });

  test("deep recursion stops with a stack error", async () => {
    expectError(await run("function f(n) { return f(n + 1) + 1 } return f(0)"), /nested calls too deeply/);
    await expectHealthy();
  });

  test("a huge output is refused with a size error", async () => {
    expectError(await run('return "x".repeat(2e6)'), /returned value is more than 1 MB of JSON/);
    expectError(await run("return Array.from({ length: 300000 }, (_, i) => i)"), /more than 1 MB of JSON/);
    await expectHealthy();
  });

  test("a huge error message is cut, in the sandbox and again by the host (it is stored with the run)", async () => {
    for (const code of [
      'throw new Error("x".repeat(5e6))',
      'const e = new Error("boom"); e.name = "n".repeat(5e6); throw e',
      'throw "y".repeat(5e6)',
    ]) {
      const r = await run(code);
      expect(r.ok).toBe(false);
      expect(r.ok ? 0 : r.error.length).toBeLessThanOrEqual(8000);
    }
    await expectHealthy();
  });

  test("a value JSON cannot carry is a clear error", async () => {
    expectError(await run("return { f() {} }"), /holds a function at "f"/);
    expectError(await run("return 10n"), /holds a bigint/);
    expectError(await run("const a = {}; a.self = a; return a"), /not JSON: circular reference/);
    expectError(await run("const x = 1"), /returned nothing: end it with return/);
    expectError(await run("return Symbol('s')"), /holds a symbol/);
    await expectHealthy();
  });

  test("runtime errors name the line and column", async () => {
    expectError(
      await run("const a = 1;\nconst b = null;\nreturn b.c;"),
      /^The code failed: TypeError: cannot read property 'c' of null \(line 3, column 9\)$/,
    );
    expectError(await run('throw new RangeError("bad price")'), /RangeError: bad price \(line 1/);
    expectError(await run('throw "plain"'), /Thrown: plain/);
  });
});

describe("code syntax check (the editor's, no code run)", () => {
  test("a syntax error has its line and column", () => {
    expect(codeSyntaxProblem("const a = 1;\nreturn a +;")).toBe("Syntax error on line 2, column 11: Unexpected token");
    expect(codeSyntaxProblem("return { ok: true }")).toBeNull();
  });

  test("the kind's schema reports it on the code field, so the problem list shows it before publish", () => {
    const parsed = codeNode.config.safeParse({ code: "return (" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["code"],
      message: expect.stringMatching(/^Syntax error on line 1/),
    });
    expect(codeNode.config.safeParse({ code: "  " }).error?.issues[0]?.message).toBe("Write the code");
    expect(codeNode.config.safeParse({ code: "return 1", timeoutMs: 60_000 }).success).toBe(false);
  });
});
