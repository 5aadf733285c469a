// Shared pieces of the property tests over the public parsers (test/unit/*-properties.test.ts):
// a call that a runaway regular expression or loop cannot hang, adversarial text, a nesting measure.
import vm from "node:vm";
import fc from "fast-check";

/**
 * Runs `fn` under a vm timeout, which stops even a backtracking regular expression, and answers
 * "finished" or the reason it stopped. The bound is a safety net against quadratic or exponential
 * work, far above a linear run on a loaded machine; speed targets live in the bench.
 */
export function finishes(fn: () => void, ms = 5_000): string {
  try {
    vm.runInNewContext("run()", { run: fn }, { timeout: ms });
    return "finished";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** About `size` characters of `unit` repeated: deep nesting, long runs, many separators. */
export const repeat = (unit: string, size: number) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));

export const MB = 1024 * 1024;

/** Nesting of arrays and objects (a scalar is 0), without recursion. */
export function nesting(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d + 1);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

/** Object.prototype's own names, to compare before and after: a polluting parse adds one. */
export const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

/** Names that reach a prototype when used as a key or path segment. */
export const POLLUTING_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Text mixing the characters a parser splits on with plain ones, so generated input hits its edges. */
export const textOf = (units: readonly string[], maxLength = 40) =>
  fc
    .array(fc.oneof(fc.constantFrom(...units), fc.string({ maxLength: 3 })), { maxLength })
    .map((parts) => parts.join(""));
