// Transform's JSONata bounds (time, depth, sequence, input and output size), the mappings mode,
// Log, and the config schemas of the data nodes.
import { describe, expect, it } from "vitest";
import { describeSchema } from "@/components/canvas/schema-form/describe";
import { logExecutor } from "@/lib/engine/executors/log";
import { tableExecutor } from "@/lib/engine/executors/table";
import { evaluateJsonata, transformExecutor } from "@/lib/engine/executors/transform";
import type { Scope } from "@/lib/engine/scope";
import { logNode } from "@/lib/nodes/kinds/log";
import { tableNode } from "@/lib/nodes/kinds/table";
import { transformNode } from "@/lib/nodes/kinds/transform";

const scope: Scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    receivedAt: "2026-11-22T10:00:00.000Z",
    body: { order: { name: "#1001", items: [{ sku: "A", qty: 2 }] }, n: 7 },
  },
  nodes: { prev: { ok: true, value: 3 } },
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: Error) => `${e.name}: ${e.message}`,
  );

describe("JSONata bounds", () => {
  it("evaluates over the run's data", async () => {
    expect(
      await evaluateJsonata(
        '{ "first": trigger.body.order.items[0].sku, "n": trigger.body.n * 2, "prev": nodes.prev.value }',
        scope,
        1000,
      ),
    ).toEqual({ first: "A", n: 14, prev: 3 });
    expect(await evaluateJsonata("trigger.body.nothing", scope, 1000)).toBeNull();
  });

  it("stops a never-ending expression after its time limit", async () => {
    const started = Date.now();
    const result = await failure(evaluateJsonata("($f := function($n) { $n < 0 ? 0 : $f($n + 1) }; $f(0))", {}, 150));
    expect(result).toBe("PermanentError: JSONata expression ran longer than 150 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops a slow loop at the time limit", async () => {
    const started = Date.now();
    // Tail-recursive, so no depth is used: only the clock stops it.
    const result = await failure(
      evaluateJsonata("($loop := function($i) { $i >= 0 ? $loop($i + 1) : $i }; $loop(0))", {}, 100),
    );
    expect(result).toBe("PermanentError: JSONata expression ran longer than 100 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops runaway (non-tail) recursion at the depth limit", async () => {
    expect(await failure(evaluateJsonata("($f := function($n) { 1 + $f($n + 1) }; $f(0))", {}, 1000))).toMatch(
      /^PermanentError: JSONata expression failed: D1011/,
    );
  });

  it("refuses huge sequences, bad syntax, too much input and too much output", async () => {
    expect(await failure(evaluateJsonata("[1..1000000]", {}, 1000))).toMatch(/D2015|D2014/);
    expect(await failure(evaluateJsonata("{ a: ", {}, 1000))).toMatch(
      /PermanentError: JSONata expression does not parse/,
    );
    expect(await failure(evaluateJsonata("$", { blob: "x".repeat(3 * 1024 * 1024) }, 1000))).toMatch(
      /data for the JSONata expression is more than 2 MB/,
    );
    expect(await failure(evaluateJsonata("$pad('', 2000000, 'y')", {}, 1000))).toMatch(/result is more than 1 MB/);
  });
});

describe("Transform mappings", () => {
  it("builds nested objects, keeping the type of a lone reference", async () => {
    const config = transformNode.config.parse({
      mappings: [
        { key: "name", value: "{{ trigger.body.order.name }}" },
        { key: "line.sku", value: "{{ trigger.body.order.items.0.sku }}" },
        { key: "line.qty", value: "{{ trigger.body.order.items.0.qty }}" },
        { key: "text", value: "{{ trigger.body.n }} items" },
        { key: "missing", value: "{{ trigger.body.nope }}" },
      ],
    });
    const { input, missing } = transformExecutor.resolve(config, scope);
    expect(missing).toEqual(["trigger.body.nope"]);
    expect(await transformExecutor.run(input, { runId: "r", nodeId: "t", attempt: 0, idempotencyKey: "r:t" })).toEqual({
      name: "#1001",
      line: { sku: "A", qty: 2 },
      text: "7 items",
      missing: null,
    });
  });

  it("validates its config", () => {
    expect(transformNode.config.safeParse({ mode: "jsonata" }).success).toBe(false);
    expect(transformNode.config.safeParse({ mappings: [] }).success).toBe(false);
    expect(transformNode.config.safeParse({ mappings: [{ key: "a..b", value: "" }] }).success).toBe(false);
    expect(transformNode.config.safeParse({ mappings: [{ key: "__proto__.x", value: "" }] }).success).toBe(false);
    expect(transformNode.config.safeParse({ mode: "jsonata", expression: "$", timeoutMs: 60_000 }).success).toBe(false);
    expect(
      transformNode.summary(
        transformNode.config.parse({
          mappings: [
            { key: "a", value: "" },
            { key: "b", value: "" },
          ],
        }),
      ),
    ).toBe("{ a, b }");
  });
});

describe("Log and Data table configs", () => {
  it("logs the resolved message, objects as JSON", async () => {
    const { input } = logExecutor.resolve(
      logNode.config.parse({ message: "Order {{ trigger.body.order.name }}: {{ trigger.body.order.items }}" }),
      scope,
    );
    expect(await logExecutor.run(input, { runId: "r", nodeId: "l", attempt: 0, idempotencyKey: "r:l" })).toEqual({
      level: "info",
      message: 'Order #1001: [{"sku":"A","qty":2}]',
    });
    expect(logNode.config.safeParse({ message: "  " }).success).toBe(false);
  });

  it("resolves key, amount and data; refuses a bad amount or key", () => {
    const base = { table: "Stock", key: "{{ trigger.body.order.items.0.sku }}" };
    const dec = tableExecutor.resolve(
      tableNode.config.parse({
        ...base,
        operation: "decrement",
        amount: "{{ trigger.body.order.items.0.qty }}",
        floor: 1,
      }),
      scope,
    );
    expect(dec.input).toEqual({
      table: "Stock",
      operation: "decrement",
      key: "A",
      amount: 2,
      floor: 1,
      belowFloor: "output",
    });
    const up = tableExecutor.resolve(
      tableNode.config.parse({
        ...base,
        operation: "upsert",
        value: "{{ nodes.prev.value }}",
        data: '{"name":"{{ trigger.body.order.name }}"}',
      }),
      scope,
    );
    expect(up.input).toMatchObject({ operation: "upsert", key: "A", value: 3, data: { name: "#1001" } });
    expect(() =>
      tableExecutor.resolve(tableNode.config.parse({ ...base, operation: "increment", amount: "-1" }), scope),
    ).toThrow(/more than 0/);
    expect(() =>
      tableExecutor.resolve(tableNode.config.parse({ ...base, operation: "increment", amount: "two" }), scope),
    ).toThrow(/not a number/);
    expect(() =>
      tableExecutor.resolve(tableNode.config.parse({ table: "Stock", key: "{{ trigger.body.nope }}" }), scope),
    ).toThrow(/empty/);
    expect(tableNode.config.safeParse({ ...base, data: "[1]" }).success).toBe(false);
    expect(tableNode.config.safeParse({ key: "x" }).success).toBe(false);
    expect(
      tableNode.summary(
        tableNode.config.parse({
          table: "Stock",
          key: "{{ loop.item.sku }}",
          operation: "decrement",
          amount: "{{ loop.item.quantity }}",
        }),
      ),
    ).toBe("Decrement value by loop.item.quantity · Stock[loop.item.sku]");
    expect(tableNode.summary(tableNode.config.parse(base))).toBe("Get row · Stock[trigger.body.order.item…]");
  });
});

describe("generated editor forms", () => {
  it("label and explain the data nodes' fields", () => {
    const fields = (schema: Parameters<typeof describeSchema>[0]) => {
      const spec = describeSchema(schema);
      return spec.kind === "object"
        ? Object.fromEntries(spec.fields.map((f) => [f.key, [f.label, f.spec.kind, f.description ?? ""]]))
        : {};
    };
    const table = fields(tableNode.config);
    expect(table.key).toEqual(["Row key", "string", "Usually a reference, e.g. {{ loop.item.sku }}."]);
    expect(table.operation?.[1]).toBe("enum");
    expect(table.belowFloor?.[0]).toBe("Below the floor");
    expect(fields(transformNode.config).mappings?.slice(0, 2)).toEqual(["Fields", "array"]);
    expect(fields(logNode.config).message?.[0]).toBe("Message");
  });
});
