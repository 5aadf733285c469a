// Transform node. Mappings: each key → template, resolved like any other template (a lone
// reference keeps its type); dotted keys build nested objects. JSONata: the expression is evaluated
// over { trigger, nodes } with bounds, so a bad expression cannot stall the engine:
//   - time: jsonata's own guardrail checks the clock before every evaluation step and stops with
//     D1012 after `timeoutMs` (default 1 s, at most 5 s);
//   - depth: at most 500 nested evaluations (D1011: runaway recursion);
//   - sequences: at most 100,000 items (D2015), ranges like [1..1e9] included;
//   - input: the data it reads is at most 2 MB of JSON; output: at most 1 MB of JSON.
// Every failure is permanent: the same expression fails the same way on a retry.
import "server-only";
import jsonata from "jsonata";
import { resolveString } from "@/lib/flows/template";
import type { TransformConfig } from "@/lib/nodes/kinds/transform";
import type { Scope } from "../scope";
import { PermanentError } from "../step-error";
import type { NodeExecutor } from "./types";

export const JSONATA_LIMITS = {
  maxInputBytes: 2 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
  stack: 500,
  sequence: 100_000,
};

export type TransformInput =
  { mode: "mappings"; output: Record<string, unknown> } | { mode: "jsonata"; expression: string; timeoutMs: number };

// The scope travels to run() beside the recorded input (not in it: the step's recorded input
// stays small — the data is in the trigger's and earlier steps' records already).
const scopes = new WeakMap<object, Scope>();

function setPath(target: Record<string, unknown>, key: string, value: unknown) {
  const parts = key.split(".");
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

const compiled = new Map<string, jsonata.Expression>();
function compile(expression: string, timeoutMs: number): jsonata.Expression {
  const cacheKey = `${timeoutMs}:${expression}`;
  let expr = compiled.get(cacheKey);
  if (!expr) {
    try {
      expr = jsonata(expression, {
        timeout: timeoutMs,
        stack: JSONATA_LIMITS.stack,
        sequence: JSONATA_LIMITS.sequence,
      });
    } catch (e) {
      throw new PermanentError(`JSONata expression does not parse: ${describe(e)}`);
    }
    if (compiled.size > 200) compiled.clear();
    compiled.set(cacheKey, expr);
  }
  return expr;
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; position?: number };
  return `${err.code ? `${err.code} ` : ""}${err.message ?? String(e)}${typeof err.position === "number" ? ` (at character ${err.position})` : ""}`;
}

/** Evaluates with the bounds above; throws PermanentError on any failure. */
export async function evaluateJsonata(expression: string, data: unknown, timeoutMs: number): Promise<unknown> {
  const inputJson = JSON.stringify(data) ?? "null";
  if (Buffer.byteLength(inputJson) > JSONATA_LIMITS.maxInputBytes) {
    throw new PermanentError(
      `The data for the JSONata expression is more than ${JSONATA_LIMITS.maxInputBytes / 1024 / 1024} MB`,
    );
  }
  const expr = compile(expression, timeoutMs);
  let result: unknown;
  try {
    // A plain copy: the expression sees JSON only.
    result = await expr.evaluate(JSON.parse(inputJson));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "D1012")
      throw new PermanentError(`JSONata expression ran longer than ${timeoutMs} ms and was stopped`);
    throw new PermanentError(`JSONata expression failed: ${describe(e)}`);
  }
  const out = JSON.stringify(result ?? null);
  if (Buffer.byteLength(out) > JSONATA_LIMITS.maxOutputBytes)
    throw new PermanentError(
      `The JSONata result is more than ${JSONATA_LIMITS.maxOutputBytes / 1024 / 1024} MB of JSON`,
    );
  return JSON.parse(out) as unknown;
}

export const transformExecutor: NodeExecutor<TransformConfig, TransformInput> = {
  resolve(config, scope) {
    if (config.mode === "jsonata") {
      const input: TransformInput = { mode: "jsonata", expression: config.expression, timeoutMs: config.timeoutMs };
      scopes.set(input, scope);
      return { input, missing: [] };
    }
    const missing: string[] = [];
    const output: Record<string, unknown> = {};
    for (const m of config.mappings) {
      const r = resolveString(m.value, scope);
      missing.push(...r.missing);
      setPath(output, m.key, r.value === undefined ? null : r.value);
    }
    return { input: { mode: "mappings", output }, missing };
  },

  async run(input) {
    if (input.mode === "mappings") return input.output;
    const scope = scopes.get(input);
    if (!scope) throw new PermanentError("The Transform step lost its data (internal error)");
    return evaluateJsonata(input.expression, scope, input.timeoutMs);
  },
};
