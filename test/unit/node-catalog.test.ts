// The node catalog: every action kind has a server executor (the engine runs logic kinds itself),
// and the logic kinds declare the outputs the canvas draws and the engine follows.
import { describe, expect, it } from "vitest";
import { executors } from "@/lib/engine/executors";
import { getNodeKind, nodeCatalog } from "@/lib/nodes/catalog";
import { conditionSummary, emptyConditionGroup } from "@/lib/nodes/condition";
import { branchNode } from "@/lib/nodes/kinds/branch";
import { delayMs, delayNode } from "@/lib/nodes/kinds/delay";
import { filterNode } from "@/lib/nodes/kinds/filter";
import { loopNode } from "@/lib/nodes/kinds/loop";

describe("the node catalog", () => {
  it("has an executor for every action kind and none needed for the others", () => {
    const actions = nodeCatalog.filter((k) => k.group === "Actions").map((k) => k.type);
    expect(actions.length).toBeGreaterThan(0);
    for (const type of actions) expect(executors[type as keyof typeof executors], type).toBeDefined();
    expect(nodeCatalog.filter((k) => k.group === "Logic").map((k) => k.type)).toEqual(
      expect.arrayContaining(["filter", "branch", "delay", "loop"]),
    );
  });

  it("has unique types, and defaults that every kind's own schema reads", () => {
    expect(new Set(nodeCatalog.map((k) => k.type)).size).toBe(nodeCatalog.length);
    for (const t of ["filter", "branch", "delay", "loop"]) expect(getNodeKind(t)?.group).toBe("Logic");
    // Defaults are a starting point the user completes; the logic kinds' defaults parse, except the
    // parts the user must fill in (a rule's value, the loop's list).
    expect(delayNode.config.safeParse(delayNode.defaults).success).toBe(true);
    expect(filterNode.config.safeParse(filterNode.defaults).success).toBe(false);
    expect(loopNode.config.safeParse(loopNode.defaults).success).toBe(false);
  });
});

describe("logic kinds", () => {
  const cond = {
    combinator: "and" as const,
    rules: [{ left: "{{ trigger.body.type }}", op: "equals" as const, right: "paid" }],
  };

  it("gives an if/else branch the outputs true and false, a switch its cases and default", () => {
    expect(branchNode.outputs!(branchNode.config.parse({ mode: "if", condition: cond })).map((o) => o.id)).toEqual([
      "true",
      "false",
    ]);
    const sw = branchNode.config.parse({
      mode: "switch",
      value: "{{ trigger.body.type }}",
      cases: [
        { name: "paid", value: "p" },
        { name: "refund", value: "r" },
      ],
    });
    expect(branchNode.outputs!(sw)).toEqual([
      { id: "paid", label: "paid" },
      { id: "refund", label: "refund" },
      { id: "default", label: "Default" },
    ]);
    expect(
      branchNode.config.safeParse({ mode: "switch", value: "x", cases: [{ name: "default", value: "1" }] }).success,
    ).toBe(false);
  });

  it("gives a loop the outputs each and done", () => {
    expect(loopNode.outputs!(loopNode.config.parse({ items: "{{ trigger.body.items }}" })).map((o) => o.id)).toEqual([
      "each",
      "done",
    ]);
    expect(loopNode.config.parse({ items: "{{ x }}" }).maxItems).toBe(100);
    expect(loopNode.config.safeParse({ items: "{{ x }}", maxItems: 1001 }).success).toBe(false);
  });

  it("summarises each logic node in one line", () => {
    expect(filterNode.summary(filterNode.config.parse({ condition: cond }))).toBe(
      "Only if trigger.body.type is equal to paid",
    );
    expect(
      branchNode.summary(
        branchNode.config.parse({
          mode: "switch",
          value: "{{ trigger.body.type }}",
          cases: [{ name: "a", value: "1" }],
        }),
      ),
    ).toBe("Switch on trigger.body.type (1 cases)");
    expect(delayNode.summary(delayNode.config.parse({ amount: 1, unit: "hours" }))).toBe("Wait 1 hour");
    expect(delayNode.summary(delayNode.config.parse({ mode: "until", until: "{{ trigger.body.at }}" }))).toBe(
      "Wait until trigger.body.at",
    );
    expect(loopNode.summary(loopNode.config.parse({ items: "{{ trigger.body.items }}" }))).toBe(
      "For each of trigger.body.items",
    );
    expect(conditionSummary(emptyConditionGroup())).toBe("No rule yet");
    expect(conditionSummary({ combinator: "or", rules: [] })).toBe("No rule yet");
  });

  it("turns a delay into milliseconds", () => {
    expect(delayMs(delayNode.config.parse({ amount: 1.5, unit: "minutes" }))).toBe(90_000);
    expect(delayMs(delayNode.config.parse({ amount: 2, unit: "days" }))).toBe(172_800_000);
  });
});
