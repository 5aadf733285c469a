// Whole-graph validation before publish: one exact message per rule, tied to its node or edge.
// Plus the stored definition's schema (ids, positions) and its JSON round trip.
import { describe, expect, it } from "vitest";
import { checkGraph, findCycle } from "@/lib/flows/check-graph";
import { flowDefinitionSchema, parseStoredDefinition, type FlowDefinition, type FlowEdge, type FlowNode } from "@/lib/flows/definition";

const node = (id: string, type = "http", config: Record<string, unknown> = { url: "https://example.com/hook" }, label?: string): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { ...(label ? { label } : {}), config },
});
const trigger = (id = "trigger") => node(id, "webhook", {});
const edge = (id: string, source: string, target: string): FlowEdge => ({ id, source, target });
const flow = (nodes: FlowNode[], edges: FlowEdge[] = []): FlowDefinition => ({ schemaVersion: 1, nodes, edges });
const messages = (def: FlowDefinition) => checkGraph(def).map((i) => i.message);

describe("a well-formed flow", () => {
  it("has no issues", () => {
    const def = flow([trigger(), node("a"), node("b")], [edge("e1", "trigger", "a"), edge("e2", "a", "b")]);
    expect(checkGraph(def)).toEqual([]);
    expect(findCycle(def)).toBeNull();
  });
});

describe("graph rules", () => {
  it("rejects an unknown node type", () => {
    expect(checkGraph(flow([trigger(), node("n1", "carrier_pigeon", {})]))).toEqual([
      { nodeId: "n1", message: 'Unknown node type "carrier_pigeon" on node "n1".' },
    ]);
  });

  it("rejects an edge whose source node does not exist", () => {
    expect(checkGraph(flow([trigger(), node("a")], [edge("e1", "ghost", "a")]))).toEqual([
      { edgeId: "e1", message: 'Edge "e1" has a source node "ghost" that does not exist.' },
    ]);
  });

  it("rejects an edge whose target node does not exist", () => {
    expect(checkGraph(flow([trigger(), node("a")], [edge("e1", "trigger", "ghost")]))).toEqual([
      { edgeId: "e1", message: 'Edge "e1" has a target node "ghost" that does not exist.' },
    ]);
  });

  it("requires a trigger", () => {
    expect(messages(flow([node("a")]))).toEqual(["The flow has no trigger node."]);
  });

  it("allows only one trigger", () => {
    expect(messages(flow([trigger("t1"), trigger("t2")]))).toEqual(['The flow has 2 trigger nodes ("t1", "t2"); it needs exactly one.']);
  });

  it("rejects an edge into the trigger", () => {
    expect(checkGraph(flow([trigger(), node("a")], [edge("e1", "trigger", "a"), edge("e2", "a", "trigger")]))).toContainEqual({
      edgeId: "e2",
      message: 'Edge "e2" points into the trigger "trigger"; a trigger has no inputs.',
    });
  });

  it("rejects a cycle and names its path", () => {
    const def = flow([trigger(), node("a"), node("b")], [edge("e1", "trigger", "a"), edge("e2", "a", "b"), edge("e3", "b", "a")]);
    expect(findCycle(def)).toEqual(["a", "b", "a"]);
    expect(checkGraph(def)).toEqual([{ nodeId: "a", message: "The flow contains a cycle: a → b → a." }]);
  });

  it("rejects a node that points at itself", () => {
    expect(messages(flow([trigger(), node("a")], [edge("e1", "trigger", "a"), edge("e2", "a", "a")]))).toEqual(["The flow contains a cycle: a → a."]);
  });

  it("rejects a node id used twice", () => {
    expect(checkGraph(flow([trigger(), node("a"), node("a")]))).toEqual([{ nodeId: "a", message: 'Node id "a" is used more than once.' }]);
  });
});

describe("HTTP request node configuration", () => {
  const issuesFor = (config: Record<string, unknown>) => checkGraph(flow([trigger(), node("h", "http", config, "Notify")], [edge("e", "trigger", "h")]));

  it("requires a URL", () => {
    expect(issuesFor({ url: "" })).toContainEqual({ nodeId: "h", field: "url", message: 'HTTP request "Notify": url: URL is required' });
  });

  it("rejects a URL that is not http or https", () => {
    expect(issuesFor({ url: "ftp://files.example.com/x" })).toEqual([
      { nodeId: "h", field: "url", message: 'HTTP request "Notify": url: URL must start with http:// or https://' },
    ]);
  });

  it("accepts a templated URL", () => {
    expect(issuesFor({ url: "{{ trigger.body.callback }}" })).toEqual([]);
  });

  it("rejects a body that is not JSON", () => {
    expect(issuesFor({ url: "https://example.com", body: "{amount: 1" })).toEqual([
      { nodeId: "h", field: "body", message: 'HTTP request "Notify": body: Body must be valid JSON (put {{ references }} inside strings)' },
    ]);
  });

  it("names the node by id when it has no label", () => {
    const issues = checkGraph(flow([trigger(), node("http_1", "http", { url: "nope" })], [edge("e", "trigger", "http_1")]));
    expect(issues.map((i) => i.message)).toEqual(['HTTP request "http_1": url: URL must start with http:// or https://']);
  });
});

describe("the stored definition", () => {
  const valid = flow([trigger(), node("http_1")], [edge("e1", "trigger", "http_1")]);

  it.each(["", "has space", "a.b", "x".repeat(65)])("rejects the node id %j", (id) => {
    expect(flowDefinitionSchema.safeParse({ ...valid, nodes: [node(id)] }).success).toBe(false);
  });

  it.each([{ x: Number.NaN, y: 0 }, { x: 0, y: Number.POSITIVE_INFINITY }, { x: 0 }, { x: "1", y: 2 }])("rejects the position %j", (position) => {
    expect(flowDefinitionSchema.safeParse({ ...valid, nodes: [{ ...node("a"), position }] }).success).toBe(false);
  });

  it("rejects an unknown schema version", () => {
    expect(flowDefinitionSchema.safeParse({ ...valid, schemaVersion: 2 }).success).toBe(false);
  });

  it("fills in defaults for a node without data", () => {
    const parsed = flowDefinitionSchema.parse({ nodes: [{ id: "t", type: "webhook", position: { x: 1, y: 2 } }], edges: [] });
    expect(parsed).toEqual({ schemaVersion: 1, nodes: [{ id: "t", type: "webhook", position: { x: 1, y: 2 }, data: { config: {} } }], edges: [] });
  });

  it("round-trips through its JSON text", () => {
    expect(parseStoredDefinition(JSON.stringify(valid))).toEqual(valid);
  });

  it("throws on a corrupt document", () => {
    expect(() => parseStoredDefinition("{not json")).toThrow(SyntaxError);
    expect(() => parseStoredDefinition(JSON.stringify({ nodes: "x", edges: [] }))).toThrow();
  });
});
