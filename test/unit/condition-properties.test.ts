// Properties of the condition evaluator (lib/nodes/condition.ts) over generated conditions and
// data: a boolean (or a TemplateError) for every input, negated operators as complements, and/or as
// every/some, the schema safe on any document, and bounded work on megabyte values from a body.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TemplateError } from "@/lib/flows/template";
import {
  applyOp,
  conditionGroupSchema,
  conditionOps,
  conditionSummary,
  evaluateCondition,
  MAX_CONDITION_DEPTH,
  traceCondition,
  type ConditionGroup,
  type ConditionOp,
  type ConditionTrace,
  type RuleTrace,
} from "@/lib/nodes/condition";
import { finishes, MB, POLLUTING_KEYS, prototypeNames, repeat, textOf } from "@/test/support/properties";

const OPS = conditionOps.map((o) => o.op);
const KEYS = ["a", "b", "0", "items", ...POLLUTING_KEYS, "toString", "length"];

// JSON-like data, with the dangerous names as own keys (as JSON.parse makes them).
const { data } = fc.letrec((tie) => ({
  data: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 0 }),
    fc.constantFrom("", " ", "2026-01-31", "2026-01-31T10:00:00Z", "1e3", "-0.5", "true", "off"),
    tie("object"),
    fc.array(tie("data"), { maxLength: 3 }),
  ),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie("data")), { maxLength: 4 })
    .map((entries) => Object.fromEntries(entries)),
}));

const reference = fc
  .array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 })
  .map((path) => `{{ d.${path.join(".")} }}`);
const side = fc.oneof(
  reference,
  textOf(["{{", "}}", "{{ d }}", " ", "1", "2026-01-31", "a", ".", "true"], 8),
  fc.string({ maxLength: 6 }),
);
const rule = fc.record({ left: side, op: fc.constantFrom(...OPS), right: side });
const { group } = fc.letrec((tie) => ({
  group: fc.record({
    combinator: fc.constantFrom("and" as const, "or" as const),
    rules: fc.array(fc.oneof({ depthSize: "small", maxDepth: MAX_CONDITION_DEPTH - 1 }, rule, tie("group")), {
      maxLength: 4,
    }),
  }),
})) as { group: fc.Arbitrary<ConditionGroup> };

const isGroupTrace = (t: RuleTrace | ConditionTrace): t is ConditionTrace => "combinator" in t;

/** The trace's result, recomputed from its rules: "and" is every, "or" is some. */
function expectCombined(t: ConditionTrace) {
  const results = t.rules.map((r) => (isGroupTrace(r) ? (expectCombined(r), r.result) : r.result));
  expect(t.result).toBe(t.combinator === "and" ? results.every(Boolean) : results.some(Boolean));
}

describe("evaluating any condition against any data", () => {
  it("answers a boolean (or throws a TemplateError), combines rules as every/some, never touches Object.prototype", () => {
    const before = prototypeNames();
    fc.assert(
      fc.property(group, data, (g, d) => {
        let trace: ConditionTrace;
        try {
          trace = traceCondition(g, { d });
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateError);
          return;
        }
        expect(typeof trace.result).toBe("boolean");
        expectCombined(trace);
        expect(evaluateCondition(g, { d })).toBe(trace.result);
        expect(conditionSummary(g).length).toBeLessThanOrEqual(60);
        expect(prototypeNames()).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it("treats each negated operator as the complement of its operator, for any values", () => {
    const pairs: Array<[ConditionOp, ConditionOp]> = [
      ["equals", "not_equals"],
      ["contains", "not_contains"],
      ["exists", "not_exists"],
      ["is_empty", "is_not_empty"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...pairs), data, data, fc.boolean(), ([op, negated], left, right, found) => {
        expect(applyOp(negated, left, right, found)).toBe(!applyOp(op, left, right, found));
      }),
      { numRuns: 1000 },
    );
  });

  it("orders any two values at most one way (gt and lt never both hold, nor gte and lt)", () => {
    fc.assert(
      fc.property(data, data, (a, b) => {
        expect(applyOp("gt", a, b) && applyOp("lt", a, b)).toBe(false);
        expect(applyOp("gte", a, b) && applyOp("lt", a, b)).toBe(false);
        expect(applyOp("gt", a, b)).toBe(applyOp("lt", b, a));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the condition schema", () => {
  it("parses any value without throwing, and refuses nesting past the limit", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), group), (v) => {
        expect(typeof conditionGroupSchema.safeParse(v).success).toBe("boolean");
      }),
      { numRuns: 1000 },
    );
    let deep: ConditionGroup = { combinator: "and", rules: [] };
    for (let i = 0; i < 100_000; i++) deep = { combinator: "or", rules: [deep] };
    let success: boolean | undefined;
    expect(finishes(() => (success = conditionGroupSchema.safeParse(deep).success))).toBe("finished");
    expect(success).toBe(false);
  });
});

describe("work on megabyte values from a body", () => {
  const digits = repeat("1", MB);
  const values: Array<[string, unknown]> = [
    ["a long run of digits, then a letter", `${digits}x`],
    ["digits, a dot, digits, a letter", `${digits}.${digits}x`],
    ["an exponent of a million digits", `1e${digits}x`],
    ["a date with a million-digit fraction", `2026-01-31T10:00:00.${digits}x`],
    ["spaces around a number", `${repeat(" ", MB)}1${repeat(" ", MB)}x`],
    ["a near-repeating text", `${repeat("ab", MB)}c`],
    ["an array of 100,000 items", Array.from({ length: 100_000 }, (_, i) => String(i))],
    ["an object of 20,000 keys", Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))],
  ];
  const rights = [`${digits}y`, `${repeat("ab", MB / 2)}b`, "2026-01-31"];

  it.each(values)("every operator finishes: %s", (_, value) => {
    expect(
      finishes(() => {
        for (const op of OPS) for (const right of rights) applyOp(op, value, right);
      }, 10_000),
    ).toBe("finished");
  });

  it("compares a list of 100,000 items with a 1 MB value in linear time (the value was read again for every item)", () => {
    const list = Array.from({ length: 100_000 }, (_, i) => String(i));
    expect(finishes(() => void applyOp("contains", list, `${repeat("1", MB)}y`))).toBe("finished");
  });

  it("reads a 100,000-digit string as a number in linear time (the number pattern backtracked quadratically)", () => {
    // `\d+\.?\d*` split the run of digits every way before failing: about 20 s here, 30 min at 1 MB.
    const value = `${repeat("1", 100_000)}x`;
    expect(finishes(() => void applyOp("gt", value, "1"))).toBe("finished");
  });
});

describe("the text a condition's references insert", () => {
  it("shares one budget across the rules: three rules of 15 MB each over a 1 MB value throw a TemplateError", () => {
    // Each rule alone is under the 32 MB cap; the trace keeps every rule's value, so the cap is shared.
    const left = "{{ d }}".repeat(15);
    const g: ConditionGroup = {
      combinator: "and",
      rules: [0, 1, 2].map(() => ({ left, op: "is_not_empty" as const })),
    };
    expect(() => traceCondition(g, { d: "x".repeat(MB) })).toThrow(TemplateError);
  });
});
