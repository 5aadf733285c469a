// The Data table, Transform and Log nodes inside real runs (ingest → embedded executor → Inngest
// SDK over HTTP → run-flow), on SQLite and PostgreSQL: a Shopify-like order lowers stock and an
// HTTP alert carries the result; 50 concurrent runs never oversell; the floor can fail a run;
// retried table steps apply once; JSONata runs bounded.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { tableExecutor } from "@/lib/engine/executors/table";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { getRun } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import { getRow, upsertRow } from "@/lib/tables/rows";
import { createTable } from "@/lib/tables/tables";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { startTarget } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
let ws: string;

beforeAll(async () => {
  target = await startTarget();
  // The alert target is on loopback: open it for the SSRF guard of the HTTP node.
  process.env.HOOKLINE_ALLOW_HOSTS = new URL(target.url).host;
  engine = await startEngine();
  ws = await currentWorkspaceId();
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
});

type Node = { id: string; type: string; config: Record<string, unknown> };
let flows = 0;

/** A published flow: trigger → the nodes in a chain. */
async function published(nodes: Node[]) {
  const flow = await createFlow(ws, { name: `data nodes ${++flows} (${inject("database")})` });
  const all = [{ id: "trigger", type: "webhook", config: {} }, ...nodes];
  const definition = {
    schemaVersion: 1 as const,
    nodes: all.map((n, i) => ({
      id: n.id,
      type: n.type,
      position: { x: i * 250, y: 0 },
      data: { label: n.id, config: n.config },
    })),
    edges: all.slice(1).map((n, i) => ({ id: `e${i}`, source: all[i]!.id, target: n.id })),
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  return { flowId: flow.id, token: flow.endpoints.find((e) => e.kind === "live")!.token };
}

const post = (token: string, body: unknown) => engine.post(`/api/hooks/${token}`, JSON.stringify(body));

async function finishedRuns(flowId: string, count: number, timeoutMs = 30_000) {
  return eventually(
    async () => {
      const page = await listRuns(ws, flowId, { limit: 100 });
      const done = page.items.filter((r) => r.status === "succeeded" || r.status === "failed");
      return done.length >= count ? done : undefined;
    },
    timeoutMs,
    `${count} runs to finish`,
  );
}

const order = (sku: string, quantity: number) => ({
  id: 820982911946154500,
  name: "#1001",
  line_items: [{ sku, quantity, title: "Mug" }],
  sku,
  quantity,
});

describe(`data nodes in a run (${inject("database")})`, () => {
  it("decrements stock, shapes the result, logs it and sends an HTTP alert", async () => {
    const table = await createTable(ws, { name: `Stock ${inject("database")} 1`, valueField: "stock" });
    await upsertRow(ws, table.id, { key: "MUG-1", value: 5, data: { title: "Mug" } });
    const { flowId, token } = await published([
      {
        id: "stock",
        type: "table",
        config: {
          table: table.name,
          operation: "decrement",
          key: "{{ trigger.body.sku }}",
          amount: "{{ trigger.body.quantity }}",
          floor: 0,
          lowAt: 2,
        },
      },
      {
        id: "shape",
        type: "transform",
        config: {
          mode: "mappings",
          mappings: [
            { key: "sku", value: "{{ nodes.stock.key }}" },
            { key: "stock.left", value: "{{ nodes.stock.value }}" },
            { key: "stock.low", value: "{{ nodes.stock.low }}" },
          ],
        },
      },
      {
        id: "note",
        type: "log",
        config: {
          message: "Order {{ trigger.body.name }}: {{ nodes.shape.sku }} down to {{ nodes.shape.stock.left }}",
          level: "warn",
        },
      },
      {
        id: "alert",
        type: "http",
        config: {
          method: "POST",
          url: `${target.url}/low-stock`,
          body: '{"item":"{{ nodes.shape }}","note":"{{ nodes.note.message }}"}',
        },
      },
    ]);
    expect((await post(token, order("MUG-1", 3))).status).toBe(202);
    const [run] = await finishedRuns(flowId, 1);
    expect(run!.status).toBe("succeeded");
    expect((await getRow(ws, table.id, "MUG-1"))?.value).toBe(2);

    const detail = await getRun(ws, run!.id);
    const out = Object.fromEntries(detail.steps.map((s) => [s.nodeId, s.output]));
    expect(out.stock).toEqual({ ok: true, key: "MUG-1", value: 2, previous: 5, amount: 3, low: true });
    expect(out.shape).toEqual({ sku: "MUG-1", stock: { left: 2, low: true } });
    expect(out.note).toEqual({ level: "warn", message: "Order #1001: MUG-1 down to 2" });
    const sent = target.received.filter((r) => r.path === "/low-stock");
    expect(sent.map((r) => r.json)).toEqual([
      { item: { sku: "MUG-1", stock: { left: 2, low: true } }, note: "Order #1001: MUG-1 down to 2" },
    ]);
  });

  it("the seed flow: a Shopify order lowers stock per line item (Loop), alerts on low stock (Branch), logs when done", async () => {
    const table = await createTable(ws, { name: `Stock ${inject("database")} shopify`, valueField: "stock" });
    await upsertRow(ws, table.id, { key: "MUG", value: 10 });
    await upsertRow(ws, table.id, { key: "CAP", value: 4 });
    await upsertRow(ws, table.id, { key: "TEE", value: 1 });
    const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
      id,
      type,
      position: { x, y: 0 },
      data: { label: id, config },
    });
    const definition = {
      schemaVersion: 1 as const,
      nodes: [
        node("trigger", "webhook", {}, 0),
        node("items", "loop", { items: "{{ trigger.body.line_items }}" }, 200),
        node(
          "stock",
          "table",
          {
            table: table.name,
            operation: "decrement",
            key: "{{ loop.item.sku }}",
            amount: "{{ loop.item.quantity }}",
            floor: 0,
            lowAt: 2,
          },
          400,
        ),
        node(
          "low",
          "branch",
          { mode: "if", condition: { combinator: "and", rules: [{ left: "{{ nodes.stock.low }}", op: "is_true" }] } },
          600,
        ),
        node(
          "alert",
          "http",
          {
            method: "POST",
            url: `${target.url}/shopify-low`,
            body: '{"sku":"{{ loop.item.sku }}","left":"{{ nodes.stock.value }}","ok":"{{ nodes.stock.ok }}"}',
          },
          800,
        ),
        node("done", "log", { message: "Order {{ trigger.body.name }}: {{ trigger.body.line_items.0 }}" }, 400),
      ],
      edges: [
        { id: "e1", source: "trigger", target: "items" },
        { id: "e2", source: "items", target: "stock", sourceHandle: "each" },
        { id: "e3", source: "stock", target: "low" },
        { id: "e4", source: "low", target: "alert", sourceHandle: "true" },
        { id: "e5", source: "items", target: "done", sourceHandle: "done" },
      ],
    };
    const flow = await createFlow(ws, { name: `shopify stock (${inject("database")})` });
    await saveDraft(ws, flow.id, { definition, revision: 0 });
    await publishFlow(ws, flow.id);
    const lineItems = [
      { sku: "MUG", quantity: 3, price: "12.00" }, // 10 → 7
      { sku: "CAP", quantity: 2, price: "8.00" }, // 4 → 2: low
      { sku: "TEE", quantity: 2, price: "20.00" }, // 1: below the floor, unchanged (ok: false, low)
    ];
    expect(
      (
        await post(flow.endpoints.find((e) => e.kind === "live")!.token, {
          id: 5550001,
          name: "#1042",
          line_items: lineItems,
        })
      ).status,
    ).toBe(202);
    const [run] = await finishedRuns(flow.id, 1);
    expect(run!.status, run!.error ?? "").toBe("succeeded");
    expect((await getRow(ws, table.id, "MUG"))?.value).toBe(7);
    expect((await getRow(ws, table.id, "CAP"))?.value).toBe(2);
    expect((await getRow(ws, table.id, "TEE"))?.value).toBe(1);
    const alerts = target.received.filter((r) => r.path === "/shopify-low").map((r) => r.json);
    expect(alerts).toEqual(
      expect.arrayContaining([
        { sku: "CAP", left: 2, ok: true },
        { sku: "TEE", left: 1, ok: false },
      ]),
    );
    expect(alerts).toHaveLength(2);
    const steps = (await getRun(ws, run!.id)).steps;
    expect(steps.filter((s) => s.nodeType === "table" && s.status === "succeeded")).toHaveLength(3);
    expect(steps.find((s) => s.nodeId === "done")?.output).toEqual({
      level: "info",
      message: expect.stringMatching(/^Order #1042: \{.*"sku":"MUG".*\}$/),
    });
  });

  it("50 concurrent runs decrement exactly: 30 in stock, 30 sold, 20 refused, none below the floor", async () => {
    const table = await createTable(ws, { name: `Stock ${inject("database")} race` });
    await upsertRow(ws, table.id, { key: "SKU-RACE", value: 30 });
    const { flowId, token } = await published([
      {
        id: "stock",
        type: "table",
        config: {
          table: table.name,
          operation: "decrement",
          key: "{{ trigger.body.sku }}",
          amount: "{{ trigger.body.quantity }}",
        },
      },
    ]);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(token, order("SKU-RACE", 1))));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const runs = await finishedRuns(flowId, 50, 90_000);
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    expect((await getRow(ws, table.id, "SKU-RACE"))?.value).toBe(0);

    const outputs = await Promise.all(
      runs.map(
        async (r) =>
          (await getRun(ws, r.id)).steps.find((s) => s.nodeId === "stock")!.output as {
            ok: boolean;
            value: number;
            reason?: string;
          },
      ),
    );
    expect(outputs.filter((o) => o.ok)).toHaveLength(30);
    expect(outputs.filter((o) => !o.ok && o.reason === "below_floor")).toHaveLength(20);
    expect(
      outputs
        .filter((o) => o.ok)
        .map((o) => o.value)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 30 }, (_, i) => i));
  }, 120_000);

  it("fails the run without retrying when configured to fail below the floor, or when the table is missing", async () => {
    const table = await createTable(ws, { name: `Stock ${inject("database")} strict`, valueField: "stock" });
    await upsertRow(ws, table.id, { key: "LAST", value: 1 });
    const strict = await published([
      {
        id: "stock",
        type: "table",
        config: { table: table.name, operation: "decrement", key: "LAST", amount: "2", belowFloor: "fail" },
      },
    ]);
    const missing = await published([
      { id: "stock", type: "table", config: { table: "No such table", operation: "get", key: "x" } },
    ]);
    const badAmount = await published([
      {
        id: "stock",
        type: "table",
        config: { table: table.name, operation: "increment", key: "LAST", amount: "{{ trigger.body.quantity }}" },
      },
    ]);
    await post(strict.token, {});
    await post(missing.token, {});
    await post(badAmount.token, { quantity: "lots" });

    const [a] = await finishedRuns(strict.flowId, 1);
    expect(a!.status).toBe("failed");
    expect(a!.error).toContain("stock 1 minus 2 would go below 0");
    const [b] = await finishedRuns(missing.flowId, 1);
    expect(b!.status).toBe("failed");
    expect(b!.error).toContain('no data table named "No such table"');
    const [c] = await finishedRuns(badAmount.flowId, 1);
    expect(c!.status).toBe("failed");
    expect(c!.error).toContain("The amount is not a number");
    // Permanent failures: one attempt each (a bad amount fails before the step starts).
    for (const run of [a, b])
      expect((await getRun(ws, run!.id)).steps.filter((s) => s.nodeId === "stock")).toHaveLength(1);
    expect((await getRun(ws, c!.id)).steps.filter((s) => s.nodeId === "stock").length).toBeLessThanOrEqual(1);
    expect((await getRow(ws, table.id, "LAST"))?.value).toBe(1);
  });

  it("gets, upserts and deletes rows from templates", async () => {
    const table = await createTable(ws, { name: `Customers ${inject("database")}` });
    const { flowId, token } = await published([
      {
        id: "save",
        type: "table",
        config: {
          table: table.name,
          operation: "upsert",
          key: "{{ trigger.body.email }}",
          value: "{{ trigger.body.orders }}",
          data: '{"name":"{{ trigger.body.name }}","tags":["{{ trigger.body.tag }}"]}',
        },
      },
      {
        id: "read",
        type: "table",
        config: { table: table.name, operation: "get", key: "{{ trigger.body.email }}", lowAt: 1 },
      },
      { id: "nope", type: "table", config: { table: table.name, operation: "get", key: "nobody@example.com" } },
      { id: "drop", type: "table", config: { table: table.name, operation: "delete", key: "{{ nodes.read.key }}" } },
    ]);
    await post(token, { email: "jenny@example.com", orders: 3, name: "Jenny", tag: "vip" });
    const [run] = await finishedRuns(flowId, 1);
    expect(run!.status).toBe("succeeded");
    const out = Object.fromEntries((await getRun(ws, run!.id)).steps.map((s) => [s.nodeId, s.output]));
    expect(out.save).toMatchObject({
      created: true,
      key: "jenny@example.com",
      value: 3,
      data: { name: "Jenny", tags: ["vip"] },
    });
    expect(out.read).toMatchObject({
      found: true,
      key: "jenny@example.com",
      value: 3,
      data: { name: "Jenny", tags: ["vip"] },
      low: false,
    });
    expect(out.nope).toEqual({ found: false, key: "nobody@example.com", value: null, data: {} });
    expect(out.drop).toEqual({ key: "jenny@example.com", deleted: true });
    expect(await getRow(ws, table.id, "jenny@example.com")).toBeNull();
  });

  it("a retried table step applies its decrement once (same idempotency key)", async () => {
    const table = await createTable(ws, { name: `Stock ${inject("database")} retry` });
    await upsertRow(ws, table.id, { key: "R", value: 10 });
    // A run to belong to (the executor finds the workspace through it).
    const { flowId, token } = await published([
      { id: "log", type: "log", config: { message: "hello {{ trigger.body.who }}" } },
    ]);
    await post(token, { who: "there" });
    const [run] = await finishedRuns(flowId, 1);
    expect((await getRun(ws, run!.id)).steps.find((s) => s.nodeId === "log")?.output).toEqual({
      level: "info",
      message: "hello there",
    });

    const config = {
      table: table.name,
      operation: "decrement" as const,
      key: "R",
      amount: "4",
      floor: 0,
      belowFloor: "output" as const,
      value: "",
      data: "",
    };
    const { input } = tableExecutor.resolve(config, {
      trigger: { method: "POST", headers: {}, query: {}, body: {}, receivedAt: "" },
      nodes: {},
    });
    const ctx = (attempt: number) => ({ runId: run!.id, nodeId: "stock", attempt, idempotencyKey: `${run!.id}:stock` });
    const first = await tableExecutor.run(input, ctx(0));
    const retried = await Promise.all([tableExecutor.run(input, ctx(1)), tableExecutor.run(input, ctx(2))]);
    expect(first).toMatchObject({ ok: true, value: 6 });
    expect(retried).toEqual([first, first]);
    expect((await getRow(ws, table.id, "R"))?.value).toBe(6);
    // Another step (another key) does apply.
    expect(await tableExecutor.run(input, { ...ctx(0), idempotencyKey: `${run!.id}:stock2` })).toMatchObject({
      ok: true,
      value: 2,
    });
    // "Test this step" has no Run row: it passes the workspace in the context.
    const testCtx = {
      runId: "test_step_1",
      nodeId: "stock",
      attempt: 1,
      idempotencyKey: "test_step_1:stock",
      workspaceId: ws,
    };
    expect(await tableExecutor.run({ ...input, amount: 1 }, testCtx)).toMatchObject({ ok: true, value: 1 });
  });

  it("transforms with JSONata, and stops a runaway expression at its time bound", async () => {
    const { flowId, token } = await published([
      {
        id: "totals",
        type: "transform",
        config: {
          mode: "jsonata",
          expression: '{ "skus": line_items.sku ~> $sort(), "total": $sum(line_items.(price * quantity)) }'.replace(
            /line_items/g,
            "trigger.body.line_items",
          ),
        },
      },
    ]);
    const runaway = await published([
      {
        id: "spin",
        type: "transform",
        config: { mode: "jsonata", expression: "($f := function($n) { $f($n + 1) }; $f(0))", timeoutMs: 200 },
      },
    ]);
    await post(token, {
      line_items: [
        { sku: "B", price: 2.5, quantity: 2 },
        { sku: "A", price: 10, quantity: 1 },
      ],
    });
    await post(runaway.token, {});

    const [ok] = await finishedRuns(flowId, 1);
    expect(ok!.status).toBe("succeeded");
    expect((await getRun(ws, ok!.id)).steps.find((s) => s.nodeId === "totals")?.output).toEqual({
      skus: ["A", "B"],
      total: 15,
    });

    const [stopped] = await finishedRuns(runaway.flowId, 1);
    expect(stopped!.status).toBe("failed");
    expect(stopped!.error).toContain("JSONata expression ran longer than 200 ms and was stopped");
    const steps = (await getRun(ws, stopped!.id)).steps.filter((s) => s.nodeId === "spin");
    expect(steps).toHaveLength(1); // permanent: not retried
    expect(Date.parse(steps[0]!.finishedAt!) - Date.parse(steps[0]!.startedAt)).toBeLessThan(3000);
  });
});
