// A flow's request log pages its deliveries by id (time-sortable), newest first, all kinds or one
// kind (the editor's latest test sample asks for kind "test"). Its indexes must give that order:
// with indexes ordered by receivedAt, each page read and sorted every delivery of the flow (154 ms
// a page at 300,000 deliveries on SQLite, growing with the flow; 0.2 ms with these).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb, usingPostgres } from "@/lib/db";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { startEngine } from "../support/engine-harness";
import { webhookFlow } from "../support/ingest-helpers";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const N = 5000;

describe(`the request log's query plan (${inject("database")})`, () => {
  it("walks an index in id order, for all kinds and for one kind: no sort of the flow's deliveries", async () => {
    const { ws, flowId } = await webhookFlow();
    const other = await webhookFlow();
    const db = await getDb();
    const pg = usingPostgres();
    // n deliveries of a flow from `from` on, one in 50 a test sample; ids in arrival order.
    const insert = async (flow: string, from: number, n: number) => {
      const endpoint = await db.webhookEndpoint.findFirstOrThrow({
        where: { flowId: flow, kind: "live" },
        select: { id: true },
      });
      const rows = pg
        ? `SELECT 'dlv_plan_' || lpad(g::text, 6, '0'), $1, $2, $3, CASE WHEN g % 50 = 0 THEN 'test' ELSE 'live' END, 'POST', '{}', '\\x00'::bytea, 'accepted' FROM generate_series(${from}, ${from + n - 1}) g`
        : `WITH RECURSIVE s(g) AS (SELECT ${from} UNION ALL SELECT g + 1 FROM s WHERE g < ${from + n - 1})
           SELECT 'dlv_plan_' || substr('000000' || g, -6), ?, ?, ?, CASE WHEN g % 50 = 0 THEN 'test' ELSE 'live' END, 'POST', '{}', x'00', 'accepted' FROM s`;
      await db.$executeRawUnsafe(
        `INSERT INTO "Delivery" ("id", "workspaceId", "flowId", "endpointId", "kind", "method", "headers", "body", "verdict") ${rows}`,
        ws,
        flow,
        endpoint.id,
      );
    };
    await insert(flowId, 1, N);
    // A busier flow's newer deliveries: walking the primary key from the newest is no shortcut.
    await insert(other.flowId, 100_000, 4 * N);
    await db.$executeRawUnsafe(`ANALYZE "Delivery"`);

    const base = `SELECT "id" FROM "Delivery" WHERE "workspaceId" = ${pg ? "$1" : "?"} AND "flowId" = ${pg ? "$2" : "?"}`;
    const queries = [
      { sql: `${base} ORDER BY "id" DESC LIMIT 51`, args: [ws, flowId], index: "Delivery_flowId_id_idx" },
      {
        sql: `${base} AND "kind" = ${pg ? "$3" : "?"} ORDER BY "id" DESC LIMIT 51`,
        args: [ws, flowId, "test"],
        index: "Delivery_flowId_kind_id_idx",
      },
    ];
    for (const q of queries) {
      if (pg) {
        const res = await db.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(`EXPLAIN (FORMAT JSON) ${q.sql}`, ...q.args);
        const plan = JSON.stringify(res[0]!["QUERY PLAN"]);
        expect(plan).not.toContain('"Node Type":"Sort"');
        expect(plan, plan).toContain(`"Index Name":"${q.index}"`);
      } else {
        const res = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.args);
        const plan = res.map((r) => r.detail).join("\n");
        expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
        expect(plan).toContain(q.index);
      }
    }

    // And the log answers in that order.
    const page = await listDeliveries(ws, flowId, { limit: 3 });
    expect(page.items.map((d) => d.id)).toEqual(["dlv_plan_005000", "dlv_plan_004999", "dlv_plan_004998"]);
    const tests = await listDeliveries(ws, flowId, { limit: 2, kind: "test" });
    expect(tests.items.map((d) => d.id)).toEqual(["dlv_plan_005000", "dlv_plan_004950"]);
  });
});
