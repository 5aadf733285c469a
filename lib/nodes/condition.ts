// Conditions for the filter and branch nodes: recursive and/or groups of rules. Browser-safe: the
// editor renders and previews them, the engine evaluates them with the same code.
// A rule's left and right sides are text that may hold {{ references }}; a side that is exactly
// one reference keeps the value's type (a number stays a number), like everywhere else.
import { z } from "zod";
import { newBudget, resolveString } from "@/lib/flows/template";

export const conditionOps = [
  { op: "equals", label: "is equal to", needsRight: true },
  { op: "not_equals", label: "is not equal to", needsRight: true },
  { op: "contains", label: "contains", needsRight: true },
  { op: "not_contains", label: "does not contain", needsRight: true },
  { op: "starts_with", label: "starts with", needsRight: true },
  { op: "ends_with", label: "ends with", needsRight: true },
  { op: "gt", label: "is greater than", needsRight: true },
  { op: "gte", label: "is greater than or equal to", needsRight: true },
  { op: "lt", label: "is less than", needsRight: true },
  { op: "lte", label: "is less than or equal to", needsRight: true },
  { op: "exists", label: "exists", needsRight: false },
  { op: "not_exists", label: "does not exist", needsRight: false },
  { op: "is_empty", label: "is empty", needsRight: false },
  { op: "is_not_empty", label: "is not empty", needsRight: false },
  { op: "is_true", label: "is true", needsRight: false },
  { op: "is_false", label: "is false", needsRight: false },
] as const;

export type ConditionOp = (typeof conditionOps)[number]["op"];
const opNames = conditionOps.map((o) => o.op) as [ConditionOp, ...ConditionOp[]];
const needsRight = new Set<string>(conditionOps.filter((o) => o.needsRight).map((o) => o.op));

// Structure only: a rule being filled in (empty left side) is still a valid document; the node
// kinds that use a condition require complete rules (`completeCondition` below).
export const conditionRuleSchema = z.object({
  left: z.string().max(2000),
  op: z.enum(opNames),
  right: z.string().max(2000).optional(),
});

export type ConditionRule = z.output<typeof conditionRuleSchema>;
export type ConditionGroup = { combinator: "and" | "or"; rules: Array<ConditionRule | ConditionGroup> };

export const MAX_CONDITION_DEPTH = 5;

const groupShape: z.ZodType<ConditionGroup> = z.object({
  combinator: z.enum(["and", "or"]),
  get rules() {
    return z.array(z.union([conditionRuleSchema, groupShape])).max(50);
  },
});

/** Nesting of arrays/objects, measured without recursion (a hostile document cannot blow the stack). */
function nesting(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

// The structure is checked for depth first, so parsing never recurses deeper than a real condition.
export const conditionGroupSchema = z
  .unknown()
  .refine(
    (v) => nesting(v, 4 * MAX_CONDITION_DEPTH + 4) <= 4 * MAX_CONDITION_DEPTH + 4,
    `Groups can be nested at most ${MAX_CONDITION_DEPTH} deep`,
  )
  .pipe(groupShape);

/** A group for new nodes: "all of" one empty rule (the editor fills it in). */
export const emptyConditionGroup = (): ConditionGroup => ({
  combinator: "and",
  rules: [{ left: "", op: "equals", right: "" }],
});

export const isConditionGroup = (r: ConditionRule | ConditionGroup): r is ConditionGroup => "combinator" in r;

/** Depth of nesting (a flat group is 1), for the graph rules' limit. */
export function conditionDepth(g: ConditionGroup): number {
  return 1 + Math.max(0, ...g.rules.map((r) => (isConditionGroup(r) ? conditionDepth(r) : 0)));
}

/** Number of rules in the tree; a condition without any rule is rejected by the graph rules. */
export function countRules(g: ConditionGroup): number {
  return g.rules.reduce((n, r) => n + (isConditionGroup(r) ? countRules(r) : 1), 0);
}

/** The condition field of a node config: at least one rule, each with a left side. */
export const completeCondition = conditionGroupSchema.superRefine((g, ctx) => {
  if (countRules(g) === 0) ctx.addIssue({ code: "custom", path: ["rules"], message: "Add at least one rule" });
  if (conditionDepth(g) > MAX_CONDITION_DEPTH)
    ctx.addIssue({
      code: "custom",
      path: ["rules"],
      message: `Groups can be nested at most ${MAX_CONDITION_DEPTH} deep`,
    });
  const walk = (group: ConditionGroup, path: (string | number)[]) =>
    group.rules.forEach((r, i) => {
      if (isConditionGroup(r)) walk(r, [...path, "rules", i]);
      else if (r.left.trim() === "")
        ctx.addIssue({ code: "custom", path: [...path, "rules", i, "left"], message: "Give the value to test" });
    });
  walk(g, []);
});

const opLabel = new Map<string, string>(conditionOps.map((o) => [o.op, o.label]));

/** "trigger.body.type is equal to paid (+1 more)": one line for the canvas. */
export function conditionSummary(g: ConditionGroup): string {
  const first = g.rules[0];
  if (!first || (!isConditionGroup(first) && first.left.trim() === "")) return "No rule yet";
  const head = isConditionGroup(first)
    ? "(group)"
    : `${first.left.replace(/\{\{\s*|\s*\}\}/g, "")} ${opLabel.get(first.op) ?? first.op}${first.right ? ` ${first.right}` : ""}`;
  const more = countRules(g) - 1;
  const line = more > 0 ? `${head} (+${more} more)` : head;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

const isBlank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === "string" && v.trim() === "") ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

const text = (v: unknown): string =>
  v === undefined || v === null
    ? ""
    : typeof v === "string"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

// Unambiguous: `\d+\.?\d*` could split a run of digits n ways, quadratic on "1111…1x".
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "" && NUMBER.test(v.trim())) return Number(v);
  return undefined;
}

// ISO dates (2026-01-31, 2026-01-31T10:00:00Z): compared as instants when both sides are dates.
function asTime(v: unknown): number | undefined {
  if (
    typeof v !== "string" ||
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.trim())
  )
    return undefined;
  const t = Date.parse(v.trim());
  return Number.isNaN(t) ? undefined : t;
}

/** Loose equality: numbers by value ("2000" = 2000), booleans by text ("true" = true), else text. */
export function looseEquals(a: unknown, b: unknown): boolean {
  return looseEqualTo(b)(a);
}

/** looseEquals against one value, read once: `contains` compares it with every item of a list. */
function looseEqualTo(b: unknown): (a: unknown) => boolean {
  const nb = asNumber(b);
  let tb: string | undefined;
  return (a) => {
    const na = asNumber(a);
    if (na !== undefined && nb !== undefined) return na === nb;
    return text(a) === (tb ??= text(b));
  };
}

function compare(a: unknown, b: unknown): number | undefined {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  const ta = asTime(a);
  const tb = asTime(b);
  if (ta !== undefined && tb !== undefined) return ta - tb;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some(looseEqualTo(needle));
  if (haystack && typeof haystack === "object") return Object.prototype.hasOwnProperty.call(haystack, text(needle));
  return text(haystack).includes(text(needle));
}

function truthy(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (["true", "yes", "1", "on"].includes(t)) return true;
    if (["false", "no", "0", "off", ""].includes(t)) return false;
  }
  return undefined;
}

/** One rule against already resolved values. `leftFound` is false when the left reference is missing. */
export function applyOp(op: ConditionOp, left: unknown, right: unknown, leftFound = true): boolean {
  switch (op) {
    case "equals":
      return looseEquals(left, right);
    case "not_equals":
      return !looseEquals(left, right);
    case "contains":
      return contains(left, right);
    case "not_contains":
      return !contains(left, right);
    case "starts_with":
      return text(left).startsWith(text(right));
    case "ends_with":
      return text(left).endsWith(text(right));
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const c = compare(left, right);
      if (c === undefined) return false;
      return op === "gt" ? c > 0 : op === "gte" ? c >= 0 : op === "lt" ? c < 0 : c <= 0;
    }
    case "exists":
      return leftFound && left !== undefined && left !== null;
    case "not_exists":
      return !leftFound || left === undefined || left === null;
    case "is_empty":
      return isBlank(left);
    case "is_not_empty":
      return !isBlank(left);
    case "is_true":
      return truthy(left) === true;
    case "is_false":
      return truthy(left) === false;
  }
}

export type RuleTrace = { left: unknown; op: ConditionOp; right?: unknown; result: boolean };
export type ConditionTrace = { combinator: "and" | "or"; result: boolean; rules: Array<RuleTrace | ConditionTrace> };

/**
 * Evaluates a condition with every rule's values resolved against `scope`, and returns the trace
 * (resolved values and each result) that the run history shows. An empty group is true for "and"
 * and false for "or" (as `every`/`some`); every rule is evaluated, so the trace is complete. The
 * text the rules' references insert shares one budget (the trace keeps every rule's values).
 */
export function traceCondition(group: ConditionGroup, scope: unknown, budget = newBudget()): ConditionTrace {
  const rules = group.rules.map((r): RuleTrace | ConditionTrace => {
    if (isConditionGroup(r)) return traceCondition(r, scope, budget);
    const left = resolveString(r.left, scope, budget);
    const right = needsRight.has(r.op) ? resolveString(r.right ?? "", scope, budget).value : undefined;
    const result = applyOp(r.op, left.value, right, left.missing.length === 0);
    return needsRight.has(r.op)
      ? { left: left.value, op: r.op, right, result }
      : { left: left.value, op: r.op, result };
  });
  const results = rules.map((r) => r.result);
  return {
    combinator: group.combinator,
    result: group.combinator === "and" ? results.every(Boolean) : results.some(Boolean),
    rules,
  };
}

export function evaluateCondition(group: ConditionGroup, scope: unknown): boolean {
  return traceCondition(group, scope).result;
}
