// Conditions of the filter and branch nodes: operators on resolved {{ references }}, and/or groups,
// the trace the run history shows, and the schema the editor saves.
import { describe, expect, it } from "vitest";
import {
  applyOp,
  conditionGroupSchema,
  conditionOps,
  evaluateCondition,
  looseEquals,
  traceCondition,
  type ConditionGroup,
} from "@/lib/nodes/condition";

const scope = {
  trigger: {
    body: {
      type: "payment.succeeded",
      amount: 2000,
      currency: "usd",
      paid: true,
      tags: ["vip", "eu"],
      items: [],
      meta: {},
      note: null,
      when: "2026-11-20T10:00:00Z",
    },
  },
  nodes: { http_1: { status: 201 } },
};
const rule = (left: string, op: string, right?: string) =>
  ({ left, op, ...(right !== undefined ? { right } : {}) }) as ConditionGroup["rules"][number];
const all = (...rules: ConditionGroup["rules"]): ConditionGroup => ({ combinator: "and", rules });
const any = (...rules: ConditionGroup["rules"]): ConditionGroup => ({ combinator: "or", rules });
const holds = (left: string, op: string, right?: string) => evaluateCondition(all(rule(left, op, right)), scope);

describe("operators", () => {
  it("compares numbers by value, whatever their type", () => {
    expect(holds("{{ trigger.body.amount }}", "equals", "2000")).toBe(true);
    expect(holds("{{ trigger.body.amount }}", "equals", "2000.0")).toBe(true);
    expect(holds("{{ trigger.body.amount }}", "gt", "999")).toBe(true);
    expect(holds("{{ trigger.body.amount }}", "gte", "2000")).toBe(true);
    expect(holds("{{ trigger.body.amount }}", "lte", "1999")).toBe(false);
    // As text "2000" < "999"; as numbers it is not.
    expect(holds("{{ trigger.body.amount }}", "lt", "999")).toBe(false);
  });

  it("compares text, and text with references inside", () => {
    expect(holds("{{ trigger.body.type }}", "equals", "payment.succeeded")).toBe(true);
    expect(holds("{{ trigger.body.type }}", "not_equals", "payment.failed")).toBe(true);
    expect(holds("{{ trigger.body.type }}", "starts_with", "payment.")).toBe(true);
    expect(holds("{{ trigger.body.type }}", "ends_with", ".failed")).toBe(false);
    expect(holds("{{ trigger.body.currency }}-{{ trigger.body.amount }}", "equals", "usd-2000")).toBe(true);
    expect(holds("{{ trigger.body.type }}", "equals", "{{ trigger.body.type }}")).toBe(true);
  });

  it("compares ISO times as instants", () => {
    expect(holds("{{ trigger.body.when }}", "gt", "2026-11-01")).toBe(true);
    expect(holds("{{ trigger.body.when }}", "lt", "2026-11-20T09:00:00-02:00")).toBe(true);
  });

  it("looks into lists and objects for contains", () => {
    expect(holds("{{ trigger.body.tags }}", "contains", "vip")).toBe(true);
    expect(holds("{{ trigger.body.tags }}", "not_contains", "us")).toBe(true);
    expect(holds("{{ trigger.body }}", "contains", "currency")).toBe(true);
    expect(holds("{{ trigger.body.type }}", "contains", "succ")).toBe(true);
  });

  it("tells missing, empty and present apart", () => {
    expect(holds("{{ trigger.body.amount }}", "exists")).toBe(true);
    expect(holds("{{ trigger.body.nope }}", "exists")).toBe(false);
    expect(holds("{{ trigger.body.note }}", "exists")).toBe(false);
    expect(holds("{{ trigger.body.nope }}", "not_exists")).toBe(true);
    for (const empty of ["items", "meta", "note", "nope"])
      expect(holds(`{{ trigger.body.${empty} }}`, "is_empty")).toBe(true);
    expect(holds("{{ trigger.body.tags }}", "is_not_empty")).toBe(true);
    expect(holds("{{ trigger.body.amount }}", "is_empty")).toBe(false);
  });

  it("reads booleans and their usual spellings", () => {
    expect(holds("{{ trigger.body.paid }}", "is_true")).toBe(true);
    expect(holds("{{ trigger.body.paid }}", "is_false")).toBe(false);
    expect(applyOp("is_true", "yes", undefined)).toBe(true);
    expect(applyOp("is_false", "0", undefined)).toBe(true);
    // Neither true nor false.
    expect(applyOp("is_true", "maybe", undefined)).toBe(false);
    expect(applyOp("is_false", "maybe", undefined)).toBe(false);
  });

  it("never orders values that are neither numbers, times nor both text", () => {
    expect(applyOp("gt", { a: 1 }, 3)).toBe(false);
    expect(applyOp("lt", ["a"], "b")).toBe(false);
  });

  it("treats equal-looking numbers and booleans as equal, other values as text", () => {
    expect(looseEquals(true, "true")).toBe(true);
    expect(looseEquals(0, "")).toBe(false);
    expect(looseEquals(null, "")).toBe(true);
    expect(looseEquals("1e3", 1000)).toBe(true);
  });

  it("labels every operator", () => {
    for (const o of conditionOps) expect(o.label.length).toBeGreaterThan(0);
    expect(new Set(conditionOps.map((o) => o.op)).size).toBe(conditionOps.length);
  });
});

describe("groups", () => {
  const paid = rule("{{ trigger.body.type }}", "equals", "payment.succeeded");
  const big = rule("{{ trigger.body.amount }}", "gt", "5000");
  const eur = rule("{{ trigger.body.currency }}", "equals", "eur");

  it("needs every rule for and, one for or", () => {
    expect(evaluateCondition(all(paid, big), scope)).toBe(false);
    expect(evaluateCondition(any(paid, big), scope)).toBe(true);
  });

  it("nests groups", () => {
    // paid and (big or not eur)
    expect(
      evaluateCondition(all(paid, any(big, rule("{{ trigger.body.currency }}", "not_equals", "eur"))), scope),
    ).toBe(true);
    expect(evaluateCondition(all(paid, any(big, eur)), scope)).toBe(false);
  });

  it("traces each rule with its resolved values", () => {
    expect(traceCondition(all(paid, any(big, eur)), scope)).toEqual({
      combinator: "and",
      result: false,
      rules: [
        { left: "payment.succeeded", op: "equals", right: "payment.succeeded", result: true },
        {
          combinator: "or",
          result: false,
          rules: [
            { left: 2000, op: "gt", right: "5000", result: false },
            { left: "usd", op: "equals", right: "eur", result: false },
          ],
        },
      ],
    });
  });

  it("reads node outputs", () => {
    expect(evaluateCondition(all(rule("{{ nodes.http_1.status }}", "equals", "201")), scope)).toBe(true);
  });
});

describe("the stored condition", () => {
  it("accepts nested groups and rejects unknown operators and combinators", () => {
    const g = all(rule("{{ a }}", "equals", "1"), any(rule("{{ b }}", "exists"), all(rule("{{ c }}", "is_true"))));
    expect(conditionGroupSchema.parse(g)).toEqual(g);
    expect(conditionGroupSchema.safeParse(all(rule("{{ a }}", "matches", "x"))).success).toBe(false);
    expect(conditionGroupSchema.safeParse({ combinator: "xor", rules: [] }).success).toBe(false);
    expect(
      conditionGroupSchema.safeParse({
        combinator: "and",
        rules: [{ combinator: "or", rules: [{ left: 1, op: "equals" }] }],
      }).success,
    ).toBe(false);
  });

  it("rejects a hostile nesting without recursing into it", () => {
    let g: ConditionGroup = all(rule("{{ a }}", "exists"));
    for (let i = 0; i < 100_000; i++) g = all(g);
    const r = conditionGroupSchema.safeParse(g);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("Groups can be nested at most 5 deep");
  });
});
