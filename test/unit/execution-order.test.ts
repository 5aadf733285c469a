// The order a run visits nodes: from the trigger, each node after all its reachable
// predecessors; unreachable nodes never run; ties keep the definition's order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FlowDefinition, FlowEdge, FlowNode } from "@/lib/flows/definition";
import { executionOrder, planFlow } from "@/lib/flows/execution-order";

const node = (id: string): FlowNode => ({
  id,
  type: id === "t" ? "webhook" : "http",
  position: { x: 0, y: 0 },
  data: { config: {} },
});
const flow = (ids: string[], edges: [string, string][]): FlowDefinition => ({
  schemaVersion: 1,
  nodes: ids.map(node),
  edges: edges.map(([source, target], i): FlowEdge => ({ id: `e${i}`, source, target })),
});
const order = (def: FlowDefinition, trigger = "t") => executionOrder(def, trigger).map((n) => n.id);

describe("the order a run visits nodes", () => {
  it("follows a chain", () => {
    expect(
      order(
        flow(
          ["c", "b", "t", "a"],
          [
            ["t", "a"],
            ["a", "b"],
            ["b", "c"],
          ],
        ),
      ),
    ).toEqual(["t", "a", "b", "c"]);
  });

  it("visits the join of a diamond after both branches", () => {
    // t → a → d, t → b → c → d: d waits for the longer branch too.
    const def = flow(
      ["t", "d", "c", "b", "a"],
      [
        ["t", "a"],
        ["t", "b"],
        ["b", "c"],
        ["a", "d"],
        ["c", "d"],
      ],
    );
    // Ready together after t: b before a (definition order), c before a (defined earlier), d last.
    expect(order(def)).toEqual(["t", "b", "c", "a", "d"]);
  });

  it("leaves out nodes the trigger does not reach", () => {
    const def = flow(
      ["t", "a", "island", "after_island", "feeds_a"],
      [
        ["t", "a"],
        ["island", "after_island"],
        ["feeds_a", "a"],
      ],
    );
    expect(order(def)).toEqual(["t", "a"]);
  });

  it("does not wait for a predecessor that never runs", () => {
    // "orphan" also points at "a" but is unreachable, so "a" must not wait for it.
    expect(
      order(
        flow(
          ["t", "orphan", "a"],
          [
            ["orphan", "a"],
            ["t", "a"],
          ],
        ),
      ),
    ).toEqual(["t", "a"]);
  });

  it("breaks ties by definition order, not by edge order", () => {
    expect(
      order(
        flow(
          ["t", "x", "y", "z"],
          [
            ["t", "z"],
            ["t", "y"],
            ["t", "x"],
          ],
        ),
      ),
    ).toEqual(["t", "x", "y", "z"]);
    expect(
      order(
        flow(
          ["t", "z", "y", "x"],
          [
            ["t", "x"],
            ["t", "y"],
            ["t", "z"],
          ],
        ),
      ),
    ).toEqual(["t", "z", "y", "x"]);
  });

  it("ignores edges to nodes that do not exist", () => {
    expect(
      order(
        flow(
          ["t", "a"],
          [
            ["t", "ghost"],
            ["t", "a"],
          ],
        ),
      ),
    ).toEqual(["t", "a"]);
  });
});

describe("any acyclic flow", () => {
  // Edges only go from a lower to a higher index, so every generated graph is acyclic.
  const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc
        .uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { selector: ([a, b]) => `${a}-${b}`, maxLength: 30 })
        .map((ps) => ps.filter(([a, b]) => a < b)),
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n },
      ),
    ),
  );

  it("visits every reachable node once, each after all of its reachable predecessors", () => {
    fc.assert(
      fc.property(dag, ([n, pairs, layout]) => {
        const ids = Array.from({ length: n }, (_, i) => (i === 0 ? "t" : `n${i}`));
        const edges = pairs.map(([a, b]) => [ids[a]!, ids[b]!] as [string, string]);
        const seen = order(
          flow(
            layout.map((i) => ids[i]!),
            edges,
          ),
        );

        const reachable = new Set(["t"]);
        for (let i = 0; i < n; i++)
          if (reachable.has(ids[i]!)) for (const [s, t] of edges) if (s === ids[i]) reachable.add(t);
        expect(new Set(seen)).toEqual(reachable);
        expect(seen).toHaveLength(reachable.size);
        for (const [s, t] of edges) if (reachable.has(s)) expect(seen.indexOf(s)).toBeLessThan(seen.indexOf(t));
      }),
    );
  });
});

describe("the plan a run walks by", () => {
  const typed = (id: string, type: string): FlowNode => ({ id, type, position: { x: 0, y: 0 }, data: { config: {} } });
  const e = (id: string, source: string, target: string, sourceHandle?: string): FlowEdge => ({
    id,
    source,
    target,
    ...(sourceHandle ? { sourceHandle } : {}),
  });

  it("finds each loop's body, the innermost loop of each node, and every node's ancestors", () => {
    // t → outer; outer.each → a → inner; inner.each → b; inner.done → c; outer.done → z
    const def: FlowDefinition = {
      schemaVersion: 1,
      nodes: [
        typed("t", "webhook"),
        typed("outer", "loop"),
        typed("a", "http"),
        typed("inner", "loop"),
        typed("b", "http"),
        typed("c", "http"),
        typed("z", "http"),
      ],
      edges: [
        e("e1", "t", "outer"),
        e("e2", "outer", "a", "each"),
        e("e3", "a", "inner"),
        e("e4", "inner", "b", "each"),
        e("e5", "inner", "c", "done"),
        e("e6", "outer", "z", "done"),
      ],
    };
    const plan = planFlow(def);
    expect([...plan.loopBody.get("outer")!].sort()).toEqual(["a", "b", "c", "inner"]);
    expect([...plan.loopBody.get("inner")!]).toEqual(["b"]);
    expect(Object.fromEntries(plan.owner)).toEqual({ a: "outer", inner: "outer", c: "outer", b: "inner" });
    expect([...plan.ancestors.get("b")!].sort()).toEqual(["a", "inner", "outer", "t"]);
    expect([...plan.ancestors.get("z")!].sort()).toEqual(["outer", "t"]);
    expect(plan.outgoing.get("inner")!.map((x) => x.handle)).toEqual(["each", "done"]);
    expect(plan.incoming.get("c")!.map((x) => x.source)).toEqual(["inner"]);
  });

  it("leaves out edges to nodes that do not exist", () => {
    const plan = planFlow({
      schemaVersion: 1,
      nodes: [typed("t", "webhook"), typed("a", "http")],
      edges: [e("e1", "t", "a"), e("e2", "t", "ghost")],
    });
    expect(plan.outgoing.get("t")!.map((x) => x.target)).toEqual(["a"]);
  });
});
