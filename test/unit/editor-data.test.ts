// Mapping picker paths, the reference check before publish, export/import without secrets, templates.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataTree, toPath, toReference } from "@/lib/flows/data-paths";
import type { FlowDefinition } from "@/lib/flows/definition";
import { exportFlow, parseFlowFile, stripSecrets } from "@/lib/flows/portable";
import { ancestors, referenceIssues } from "@/lib/flows/reference-check";
import { lookup, parsePath, resolveString } from "@/lib/flows/template";
import { flowTemplates, materialize } from "@/lib/flows/templates";
import { checkGraph } from "@/lib/flows/check-graph";

describe("picker paths", () => {
  it("writes paths the engine's parser reads back to the same segments", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.nat(50).map(String)), {
          minLength: 1,
          maxLength: 6,
        }),
        (tail) => {
          const segs = ["trigger", ...tail];
          expect(parsePath(toPath(segs))).toEqual(segs);
        },
      ),
    );
    expect(toPath(["trigger", "body", "items", "0", "a b"])).toBe('trigger.body.items[0]["a b"]');
  });

  it("a leaf's reference resolves to the leaf's value", () => {
    const sample = { body: { data: { object: { amount: 2000, "customer id": "cus_1", lines: [{ sku: "A" }] } } } };
    const tree = dataTree(sample, ["trigger"]);
    const leaves: { path: string[] }[] = [];
    const walk = (n: ReturnType<typeof dataTree>) => (n.children ? n.children.forEach(walk) : leaves.push(n));
    walk(tree);
    expect(leaves.map((l) => l.path.join("."))).toEqual([
      "trigger.body.data.object.amount",
      "trigger.body.data.object.customer id",
      "trigger.body.data.object.lines.0.sku",
    ]);
    for (const l of leaves) {
      expect(resolveString(toReference(l.path), { trigger: sample }).value).toEqual(
        lookup({ trigger: sample }, l.path).found
          ? (lookup({ trigger: sample }, l.path) as { value: unknown }).value
          : undefined,
      );
    }
    const big = dataTree({ a: Array.from({ length: 80 }, (_, i) => i) }, ["x"]);
    expect(big.children![0]!.children).toHaveLength(50);
    expect(big.children![0]!.more).toBe(30);
  });
});

const def = (nodes: [string, string, Record<string, unknown>][], edges: [string, string][]): FlowDefinition => ({
  schemaVersion: 1,
  nodes: nodes.map(([id, type, config]) => ({ id, type, position: { x: 0, y: 0 }, data: { label: id, config } })),
  edges: edges.map(([s, t]) => ({ id: `e_${s}_${t}`, source: s, target: t })),
});

describe("reference check", () => {
  const d = def(
    [
      ["trigger", "webhook", {}],
      [
        "a",
        "http",
        {
          url: "https://x/{{ trigger.body.id }}",
          body: '{"v": "{{ nodes.b.body.x }}", "w": "{{ nodes.ghost.x }}", "z": "{{ trigger.body.nope }}"}',
        },
      ],
      ["b", "http", { url: "https://x/{{ nodes.a.body.ok }}/{{ nodes.a.body.gone }}" }],
    ],
    [
      ["trigger", "a"],
      ["a", "b"],
    ],
  );

  it("flags nodes that do not run before, unknown nodes, and paths missing from the sample or output", () => {
    const issues = referenceIssues(d, { trigger: { body: { id: 1 } }, nodes: { a: { body: { ok: true } } } });
    expect(issues.map((i) => [i.nodeId, i.severity, i.reference])).toEqual([
      ["a", "error", "nodes.b.body.x"],
      ["a", "error", "nodes.ghost.x"],
      ["a", "warning", "trigger.body.nope"],
      ["b", "warning", "nodes.a.body.gone"],
    ]);
    expect(issues[0]!.message).toContain("does not run before this one");
  });

  it("without a sample, trigger paths are not judged", () => {
    expect(referenceIssues(d, { nodes: {} }).filter((i) => i.severity === "warning")).toEqual([]);
    expect([...ancestors(d, "b")].sort()).toEqual(["a", "trigger"]);
  });
});

describe("export and import", () => {
  const withSecrets = def(
    [
      ["trigger", "webhook", { verification: { preset: "stripe" }, secretId: "cred_live" }],
      [
        "h",
        "http",
        { url: "https://x", auth: { type: "bearer", credentialId: "cred_2" }, headers: [{ name: "A", value: "b" }] },
      ],
    ],
    [["trigger", "h"]],
  );

  it("leaves credential ids and secrets out, and round-trips the rest", () => {
    const file = exportFlow("Orders", withSecrets, new Date(0));
    const text = JSON.stringify(file);
    expect(text).not.toContain("cred_live");
    expect(text).not.toContain("cred_2");
    const back = parseFlowFile(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.name).toBe("Orders");
    expect(back.definition).toEqual(stripSecrets(withSecrets));
    expect(back.definition.nodes[1]!.data.config).toEqual({
      url: "https://x",
      auth: { type: "bearer" },
      headers: [{ name: "A", value: "<removed on export>" }],
    });
  });

  it("strips secrets from a hand-made file too, and rejects what is not a flow file", () => {
    const evil = { format: "hookline.flow", version: 1, name: "x", definition: withSecrets };
    const r = parseFlowFile(JSON.stringify(evil));
    expect(r.ok && JSON.stringify(r.definition).includes("cred_")).toBe(false);
    expect(parseFlowFile("nope")).toEqual({ ok: false, error: "The file is not JSON." });
    expect(parseFlowFile(JSON.stringify({ format: "other" }))).toMatchObject({ ok: false });
    expect(parseFlowFile(JSON.stringify({ ...evil, definition: { nodes: "x" } }))).toMatchObject({ ok: false });
  });
});

describe("templates", () => {
  it("each template opens with a trigger, known kinds only, and no dangling edges", () => {
    for (const t of flowTemplates) {
      const { definition } = materialize(t);
      const problems = checkGraph(definition).filter((i) =>
        /^The flow has|Unknown node type|does not exist|cycle/.test(i.message),
      );
      expect(problems, t.id).toEqual([]);
      expect(definition.nodes.length, t.id).toBeGreaterThanOrEqual(2);
    }
  });

  it("joins around a kind that is missing", () => {
    const { definition, missing } = materialize({
      id: "x",
      name: "x",
      description: "",
      nodes: [
        { id: "trigger", type: "webhook", label: "T" },
        { id: "gone", type: "no-such-kind", label: "Gone" },
        { id: "h", type: "http", label: "H" },
      ],
      edges: [
        ["trigger", "gone"],
        ["gone", "h"],
      ],
    });
    expect(missing).toEqual(["Gone"]);
    expect(definition.edges.map((e) => [e.source, e.target])).toEqual([["trigger", "h"]]);
  });
});
