// The PostgreSQL batch writer's duplicate check must stay a primary-key probe per delivery id,
// whatever plan PostgreSQL caches. A join on DedupeKey once let a generic plan, made while the
// table was small, walk every live key through the expiresAt index on each batch: the cost of
// every delivery grew with the number of keys held (ingest fell to a third of its speed).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { env } from "@/lib/env";
import { TOKENS_SQL } from "@/lib/webhooks/pg-batch";

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
const scans = (n: PlanNode): PlanNode[] =>
  [n, ...(n.Plans ?? []).flatMap(scans)].filter((x) => x["Relation Name"] === "DedupeKey");

describe.runIf(inject("database") === "postgres")("ingest on PostgreSQL: the duplicate check's plan", () => {
  it("probes DedupeKey by its primary key, also with a generic plan made on an empty table", async () => {
    const c = new pg.Client({ connectionString: env().DATABASE_URL });
    await c.connect();
    const flowId = `flow_plan_${randomUUID()}`;
    try {
      await c.query("BEGIN");
      // Planned once while the flow holds no keys, then cached: what a long-lived connection does.
      await c.query("SET LOCAL plan_cache_mode = force_generic_plan");
      await c.query(
        `PREPARE tokens_plan(text[], text[], bool[], text[], float8[], float8[], timestamp(3)) AS ${TOKENS_SQL}`,
      );
      // EXECUTE takes literals, not bind parameters.
      const f = c.escapeLiteral(flowId);
      const args = `ARRAY[${f}, ${f}], ARRAY['evt_1', 'evt_new'], ARRAY[false, false], ARRAY[]::text[], ARRAY[]::float8[], ARRAY[]::float8[], now()::timestamp(3)`;
      const explain = async () => {
        const res = await c.query(`EXPLAIN (FORMAT JSON) EXECUTE tokens_plan(${args})`);
        return scans((res.rows[0] as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]!.Plan);
      };
      const before = await explain();
      await c.query(
        `INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt") SELECT $1, 'evt_' || g, 'dlv_' || g, now() + interval '7 days' FROM generate_series(1, 20000) g`,
        [flowId],
      );
      const after = await explain();
      for (const plan of [before, after]) {
        expect(plan.length).toBeGreaterThan(0);
        for (const s of plan)
          expect({ type: s["Node Type"], index: s["Index Name"] }).toEqual({
            type: "Index Scan",
            index: "DedupeKey_pkey",
          });
      }
      // And it answers: the held id is found (the first of the two), the new one is not.
      const rows = await c.query(`EXECUTE tokens_plan(${args})`);
      expect(rows.rows.map((r: { idx: string; heldBy: string | null }) => [Number(r.idx), r.heldBy])).toEqual([
        [1, "dlv_1"],
      ]);
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  });
});
