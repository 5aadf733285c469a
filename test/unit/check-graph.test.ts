// Whole-graph validation before publish: one exact message per rule, tied to its node or edge.
// Plus the stored definition's schema (ids, positions) and its JSON round trip.
import { describe, expect, it } from "vitest";
import { checkGraph, findCycle } from "@/lib/flows/check-graph";
import {
  flowDefinitionSchema,
  parseStoredDefinition,
  type FlowDefinition,
  type FlowEdge,
  type FlowNode,
} from "@/lib/flows/definition";

const node = (
  id: string,
  type = "http",
  config: Record<string, unknown> = { url: "https://example.com/hook" },
  label?: string,
): FlowNode => ({
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
    expect(messages(flow([node("a")]))).toEqual([
      "The flow has no trigger: add one (Webhook or Schedule) to say what starts it.",
    ]);
  });

  it("allows only one trigger", () => {
    expect(messages(flow([trigger("t1"), trigger("t2")]))).toEqual([
      'A flow has exactly one trigger, and this one has 2: Webhook "t1", Webhook "t2". Delete all but one.',
    ]);
  });

  it("allows one trigger of either kind, not a webhook and a schedule together", () => {
    const schedule = node("s1", "schedule", { mode: "weekdays", at: "08:00", timezone: "Europe/Berlin" }, "Mornings");
    expect(checkGraph(flow([schedule, node("a")], [edge("e1", "s1", "a")]))).toEqual([]);
    expect(checkGraph(flow([trigger("t1"), schedule]))).toEqual([
      {
        nodeId: "s1",
        message:
          'A flow has exactly one trigger, and this one has 2: Webhook "t1", Schedule "Mornings". Delete all but one.',
      },
    ]);
  });

  it("names a schedule's bad cron expression or time zone on its field", () => {
    const bad = node("s1", "schedule", { mode: "cron", cron: "0 8 * *", timezone: "Nowhere/Town" }, "Nightly");
    expect(checkGraph(flow([bad]))).toEqual([
      {
        nodeId: "s1",
        field: "timezone",
        message: expect.stringMatching(/^Schedule "Nightly": .*Unknown time zone/),
      },
      {
        nodeId: "s1",
        field: "cron",
        message: expect.stringMatching(/^Schedule "Nightly": .*five fields/),
      },
    ]);
  });

  it("rejects an edge into the trigger", () => {
    expect(
      checkGraph(flow([trigger(), node("a")], [edge("e1", "trigger", "a"), edge("e2", "a", "trigger")])),
    ).toContainEqual({
      edgeId: "e2",
      message: 'Edge "e2" points into the trigger "trigger"; a trigger has no inputs.',
    });
  });

  it("rejects a cycle and names its path", () => {
    const def = flow(
      [trigger(), node("a"), node("b")],
      [edge("e1", "trigger", "a"), edge("e2", "a", "b"), edge("e3", "b", "a")],
    );
    expect(findCycle(def)).toEqual(["a", "b", "a"]);
    expect(checkGraph(def)).toEqual([{ nodeId: "a", message: "The flow contains a cycle: a → b → a." }]);
  });

  it("rejects a node that points at itself", () => {
    expect(messages(flow([trigger(), node("a")], [edge("e1", "trigger", "a"), edge("e2", "a", "a")]))).toEqual([
      "The flow contains a cycle: a → a.",
    ]);
  });

  it("rejects a node id used twice", () => {
    expect(checkGraph(flow([trigger(), node("a"), node("a")]))).toEqual([
      { nodeId: "a", message: 'Node id "a" is used more than once.' },
    ]);
  });
});

describe("HTTP request node configuration", () => {
  const issuesFor = (config: Record<string, unknown>) =>
    checkGraph(flow([trigger(), node("h", "http", config, "Notify")], [edge("e", "trigger", "h")]));

  it("requires a URL", () => {
    expect(issuesFor({ url: "" })).toContainEqual({
      nodeId: "h",
      field: "url",
      message: 'HTTP request "Notify": URL: URL is required',
    });
  });

  it("rejects a URL that is not http or https", () => {
    expect(issuesFor({ url: "ftp://files.example.com/x" })).toEqual([
      { nodeId: "h", field: "url", message: 'HTTP request "Notify": URL: URL must start with http:// or https://' },
    ]);
  });

  it("accepts a templated URL", () => {
    expect(issuesFor({ url: "{{ trigger.body.callback }}" })).toEqual([]);
  });

  it("rejects a body that is not JSON", () => {
    expect(issuesFor({ url: "https://example.com", body: "{amount: 1" })).toEqual([
      {
        nodeId: "h",
        field: "body",
        message: 'HTTP request "Notify": Body: Body must be valid JSON (put {{ references }} inside strings)',
      },
    ]);
  });

  it("names the node by id when it has no label", () => {
    const issues = checkGraph(
      flow([trigger(), node("http_1", "http", { url: "nope" })], [edge("e", "trigger", "http_1")]),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'HTTP request "http_1": URL: URL must start with http:// or https://',
    ]);
  });
});

describe("the stored definition", () => {
  const valid = flow([trigger(), node("http_1")], [edge("e1", "trigger", "http_1")]);

  it.each(["", "has space", "a.b", "x".repeat(65)])("rejects the node id %j", (id) => {
    expect(flowDefinitionSchema.safeParse({ ...valid, nodes: [node(id)] }).success).toBe(false);
  });

  it.each([{ x: Number.NaN, y: 0 }, { x: 0, y: Number.POSITIVE_INFINITY }, { x: 0 }, { x: "1", y: 2 }])(
    "rejects the position %j",
    (position) => {
      expect(flowDefinitionSchema.safeParse({ ...valid, nodes: [{ ...node("a"), position }] }).success).toBe(false);
    },
  );

  it("rejects an unknown schema version", () => {
    expect(flowDefinitionSchema.safeParse({ ...valid, schemaVersion: 2 }).success).toBe(false);
  });

  it("fills in defaults for a node without data", () => {
    const parsed = flowDefinitionSchema.parse({
      nodes: [{ id: "t", type: "webhook", position: { x: 1, y: 2 } }],
      edges: [],
    });
    expect(parsed).toEqual({
      schemaVersion: 1,
      nodes: [{ id: "t", type: "webhook", position: { x: 1, y: 2 }, data: { config: {} } }],
      edges: [],
    });
  });

  it("round-trips through its JSON text", () => {
    expect(parseStoredDefinition(JSON.stringify(valid))).toEqual(valid);
  });

  it("throws on a corrupt document", () => {
    expect(() => parseStoredDefinition("{not json")).toThrow(SyntaxError);
    expect(() => parseStoredDefinition(JSON.stringify({ nodes: "x", edges: [] }))).toThrow();
  });
});

describe("logic nodes", () => {
  const rule = (left: string, op = "equals", right = "x") => ({ left, op, right });
  const cond = (...rules: object[]) => ({ combinator: "and", rules });
  const handleEdge = (id: string, source: string, target: string, sourceHandle: string | null): FlowEdge => ({
    id,
    source,
    target,
    sourceHandle,
  });
  const ifNode = (id = "b") => node(id, "branch", { mode: "if", condition: cond(rule("{{ trigger.body.type }}")) });
  const loop = (id = "l") => node(id, "loop", { items: "{{ trigger.body.items }}" });

  it("accepts a flow with an if/else branch, a switch, a filter, a delay and a loop", () => {
    const def = flow(
      [
        trigger(),
        node("f", "filter", { condition: cond(rule("{{ trigger.body.amount }}", "gt", "10")) }),
        ifNode(),
        node("s", "branch", {
          mode: "switch",
          value: "{{ trigger.body.type }}",
          cases: [{ name: "paid", value: "payment.paid" }],
        }),
        node("d", "delay", { amount: 2, unit: "hours" }),
        loop(),
        node("each", "http", { url: "https://example.com/{{ loop.item.id }}" }),
        node("a"),
        node("c"),
      ],
      [
        edge("e1", "trigger", "f"),
        edge("e2", "f", "b"),
        handleEdge("e3", "b", "s", "true"),
        handleEdge("e4", "b", "d", "false"),
        handleEdge("e5", "s", "l", "paid"),
        handleEdge("e6", "s", "c", "default"),
        handleEdge("e7", "l", "each", "each"),
        handleEdge("e8", "l", "a", "done"),
      ],
    );
    expect(checkGraph(def)).toEqual([]);
  });

  it("requires edges from a branch to leave from one of its outputs", () => {
    const def = flow([trigger(), ifNode(), node("a")], [edge("e1", "trigger", "b"), edge("e2", "b", "a")]);
    expect(checkGraph(def)).toEqual([
      { edgeId: "e2", message: 'Edge "e2" must leave "b" from one of its outputs: "true", "false".' },
    ]);
  });

  it("rejects an edge from an output the node does not have", () => {
    const def = flow(
      [trigger(), ifNode(), node("a")],
      [edge("e1", "trigger", "b"), handleEdge("e2", "b", "a", "maybe")],
    );
    expect(checkGraph(def)).toEqual([
      {
        edgeId: "e2",
        message: 'Edge "e2" leaves "b" from "maybe", which is not one of its outputs ("true", "false").',
      },
    ]);
  });

  it("names a switch's outputs after its cases, plus default", () => {
    const sw = node("s", "branch", {
      mode: "switch",
      value: "{{ trigger.body.type }}",
      cases: [
        { name: "paid", value: "1" },
        { name: "refunded", value: "2" },
      ],
    });
    const def = flow([trigger(), sw, node("a")], [edge("e1", "trigger", "s"), handleEdge("e2", "s", "a", "true")]);
    expect(messages(def)).toEqual([
      'Edge "e2" leaves "s" from "true", which is not one of its outputs ("paid", "refunded", "default").',
    ]);
  });

  it("rejects an edge into a loop's body from outside the loop", () => {
    // "after" is on the loop's "each" path and also fed from "done": it would run per item and after the loop.
    const def = flow(
      [trigger(), loop(), node("body"), node("after")],
      [
        edge("e1", "trigger", "l"),
        handleEdge("e2", "l", "body", "each"),
        edge("e3", "body", "after"),
        handleEdge("e4", "l", "after", "done"),
      ],
    );
    expect(checkGraph(def)).toEqual([
      { edgeId: "e4", message: 'Edge "e4" enters the body of loop "l" from outside the loop.' },
    ]);
  });

  it("rejects {{ loop.item }} outside a loop's each path", () => {
    const def = flow(
      [trigger(), node("h", "http", { url: "https://example.com/{{ loop.item.id }}" }, "Notify")],
      [edge("e1", "trigger", "h")],
    );
    expect(checkGraph(def)).toEqual([
      { nodeId: "h", message: 'HTTP request "Notify": {{ loop.item.id }} is only available on a loop\'s "each" path.' },
    ]);
  });

  it("requires a filter to have a rule", () => {
    const def = flow(
      [trigger(), node("f", "filter", { condition: { combinator: "and", rules: [] } }, "Only paid")],
      [edge("e1", "trigger", "f")],
    );
    expect(checkGraph(def)).toEqual([
      {
        nodeId: "f",
        field: "condition.rules",
        message: 'Filter "Only paid": Condition › Rules: Add at least one rule',
      },
    ]);
  });

  it("requires every rule of a condition to name its value", () => {
    const def = flow(
      [
        trigger(),
        node("f", "filter", { condition: cond(rule("{{ trigger.body.a }}"), { combinator: "or", rules: [rule("")] }) }),
      ],
      [edge("e1", "trigger", "f")],
    );
    expect(checkGraph(def)).toEqual([
      {
        nodeId: "f",
        field: "condition.rules.1.rules.0.left",
        message: 'Filter "f": Condition › Rules (item 2) › Rules (item 1) › Left: Give the value to test',
      },
    ]);
  });

  it("rejects a switch case named twice", () => {
    const sw = node(
      "s",
      "branch",
      {
        mode: "switch",
        value: "{{ trigger.body.type }}",
        cases: [
          { name: "paid", value: "1" },
          { name: "paid", value: "2" },
        ],
      },
      "Route",
    );
    expect(checkGraph(flow([trigger(), sw], [edge("e1", "trigger", "s")]))).toEqual([
      {
        nodeId: "s",
        field: "cases.1.name",
        message: 'Branch "Route": Cases (item 2) › Name: Case "paid" is named twice',
      },
    ]);
  });

  it("rejects a delay longer than a year", () => {
    expect(
      messages(flow([trigger(), node("d", "delay", { amount: 400, unit: "days" })], [edge("e1", "trigger", "d")])),
    ).toEqual(['Delay "d": Amount: A delay can last at most 365 days']);
  });

  it("rejects a delay until something that is not a time", () => {
    expect(
      messages(
        flow([trigger(), node("d", "delay", { mode: "until", until: "next tuesday" })], [edge("e1", "trigger", "d")]),
      ),
    ).toEqual(['Delay "d": Until: Not a time: use ISO 8601, e.g. 2026-12-01T09:00:00Z']);
  });

  it("requires a loop's list", () => {
    expect(messages(flow([trigger(), node("l", "loop", { items: "" })], [edge("e1", "trigger", "l")]))).toEqual([
      'Loop "l": Items: Give the list to loop over, e.g. {{ trigger.body.items }}',
    ]);
  });
});

describe("flow settings", () => {
  const withSettings = (settings: FlowDefinition["settings"]): FlowDefinition => ({
    ...flow([trigger(), node("a")], [edge("e1", "trigger", "a")]),
    settings,
  });

  it("accepts an HTTP failure alert, an ordering key and a concurrency limit", () => {
    const def = withSettings({
      orderingKey: "data.object.id",
      concurrency: 3,
      failureAlert: { type: "http", config: { url: "https://alerts.example.com" } },
    });
    expect(flowDefinitionSchema.parse(def)).toEqual(def);
    expect(checkGraph(def)).toEqual([]);
  });

  it("rejects a failure alert that is not an action", () => {
    expect(checkGraph(withSettings({ failureAlert: { type: "filter", config: {} } }))).toEqual([
      { field: "settings.failureAlert", message: 'Failure alert: "filter" is not an action.' },
    ]);
  });

  it("rejects a failure alert with an invalid config", () => {
    expect(checkGraph(withSettings({ failureAlert: { type: "http", config: { url: "" } } }))).toContainEqual({
      field: "settings.failureAlert.config.url",
      message: "Failure alert (HTTP request): URL: URL is required",
    });
  });

  it("rejects an ordering key that is not a dotted path", () => {
    expect(flowDefinitionSchema.safeParse({ ...withSettings({}), settings: { orderingKey: "data[0]" } }).success).toBe(
      false,
    );
    expect(flowDefinitionSchema.safeParse({ ...withSettings({}), settings: { concurrency: 0 } }).success).toBe(false);
  });

  it("keeps a node's run settings and rejects bad ones", () => {
    const def = flow([
      trigger(),
      {
        ...node("a"),
        data: {
          config: { url: "https://example.com" },
          settings: { retries: 2, timeoutMs: 5000, onError: "continue" },
        },
      },
    ]);
    expect(flowDefinitionSchema.parse(def).nodes[1]!.data.settings).toEqual({
      retries: 2,
      timeoutMs: 5000,
      onError: "continue",
    });
    const bad = flow([trigger(), { ...node("a"), data: { config: {}, settings: { retries: 21 } } }]);
    expect(flowDefinitionSchema.safeParse(bad).success).toBe(false);
  });
});
