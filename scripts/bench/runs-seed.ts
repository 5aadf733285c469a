// Seeds a migrated Hookline database with run history for the runs bench: one workspace, 10
// published flows (webhook → two HTTP steps), and N runs spread over the last 30 days, each with
// its delivery (a Stripe-like JSON body), its steps (3; failed runs 4, with a retried step) and
// its payload search tokens. Multi-row INSERTs in large transactions, then ANALYZE.
//
//   node --import tsx scripts/bench/runs-seed.ts --url <DATABASE_URL> --runs 1000000
//
// ~1M runs: a few minutes on SQLite or PostgreSQL (about 12 M rows with the steps and tokens).
import { randomBytes } from "node:crypto";
import Database from "libsql";
import pg from "pg";
import { bodyTokens } from "../../lib/runs/search-tokens";

export const SEED_WORKSPACE = "ws_default";
export const SEED_FLOWS = 10;
const DAY = 86_400_000;
const EVENT_TYPES = [
  "payment_intent.succeeded",
  "charge.succeeded",
  "charge.failed",
  "invoice.paid",
  "customer.created",
];

/** Deterministic facts the bench queries by (customer ids and order numbers of known runs). */
export const seedFacts = {
  customerOf: (i: number) => `cus_${(i % 250_000).toString(36).padStart(6, "0")}`,
  orderOf: (i: number) => String(1_000_000 + i),
  flowId: (f: number) => `flow_seed${String(f).padStart(2, "0")}`,
};

const A36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const rnd = (n: number) => Array.from(randomBytes(n), (b) => A36[b % 36]).join("");
const idAt = (prefix: string, ms: number) => `${prefix}_${ms.toString(36).padStart(9, "0")}${rnd(12)}`;

type Row = unknown[];
type Sink = {
  insert(table: string, cols: string[], rows: Row[]): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  /** Drops the secondary (non-unique, non-key) indexes of the bulk-loaded tables; returns how to recreate them. */
  dropIndexes(): Promise<string[]>;
  run(sql: string): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
};
const BULK_TABLES = ["Run", "StepRun", "Delivery", "RunSearchToken"];

function sqliteSink(file: string): Sink {
  const db = new Database(file, { timeout: 30_000 });
  db.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -200000",
  );
  const stmts = new Map<string, ReturnType<typeof db.prepare>>();
  return {
    async insert(table, cols, rows) {
      const per = Math.max(1, Math.floor(30_000 / cols.length / 100) * 100) || 100;
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const key = `${table}:${chunk.length}`;
        let st = stmts.get(key);
        if (!st) {
          const one = `(${cols.map(() => "?").join(", ")})`;
          st = db.prepare(
            `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${Array(chunk.length).fill(one).join(", ")}`,
          );
          stmts.set(key, st);
        }
        (st.run as (...params: unknown[]) => unknown).apply(st, chunk.flat());
      }
    },
    async begin() {
      db.exec("BEGIN");
    },
    async dropIndexes() {
      const list = db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${BULK_TABLES.map(() => "?").join(", ")})`,
        )
        .all(...BULK_TABLES) as { name: string; sql: string }[];
      for (const i of list) db.exec(`DROP INDEX "${i.name}"`);
      return list.map((i) => i.sql);
    },
    async run(sql) {
      db.exec(sql);
    },
    async commit() {
      db.exec("COMMIT");
    },
    async finish() {
      db.exec("ANALYZE");
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    },
    async close() {
      db.close();
    },
  };
}

async function pgSink(url: string): Promise<Sink> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("SET synchronous_commit = off");
  return {
    async insert(table, cols, rows) {
      const per = Math.floor(60_000 / cols.length);
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        let n = 0;
        const values = chunk.map(() => `(${cols.map(() => `$${++n}`).join(", ")})`).join(", ");
        await c.query(
          `INSERT INTO "${table}" (${cols.map((x) => `"${x}"`).join(", ")}) VALUES ${values}`,
          chunk.flat(),
        );
      }
    },
    async begin() {
      await c.query("BEGIN");
    },
    async dropIndexes() {
      const list = (
        await c.query<{ indexname: string; indexdef: string }>(
          `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class ic ON ic.relname = i.indexname JOIN pg_index x ON x.indexrelid = ic.oid
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1) AND NOT x.indisunique AND NOT x.indisprimary`,
          [BULK_TABLES],
        )
      ).rows;
      for (const i of list) await c.query(`DROP INDEX "${i.indexname}"`);
      return list.map((i) => i.indexdef);
    },
    async run(sql) {
      await c.query(sql);
    },
    async commit() {
      await c.query("COMMIT");
    },
    async finish() {
      await c.query("VACUUM ANALYZE");
    },
    async close() {
      await c.end();
    },
  };
}

export async function seedRuns(
  url: string,
  runs: number,
  log: (s: string) => void = () => {},
): Promise<{ runIds: string[]; seconds: number }> {
  const started = performance.now();
  const sink = url.startsWith("file:") ? sqliteSink(url.replace(/^file:/, "").replace(/\?.*$/, "")) : await pgSink(url);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const definition = JSON.stringify({
    schemaVersion: 1,
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        position: { x: 0, y: 0 },
        data: { label: "Webhook", config: { verification: { preset: "stripe" } } },
      },
      {
        id: "http_1",
        type: "http",
        position: { x: 300, y: 0 },
        data: { label: "CRM", config: { method: "POST", url: "https://crm.example/hook" } },
      },
      {
        id: "http_2",
        type: "http",
        position: { x: 600, y: 0 },
        data: { label: "Mailer", config: { method: "POST", url: "https://mail.example/send" } },
      },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "http_1" },
      { id: "e2", source: "http_1", target: "http_2" },
    ],
  });
  await sink.begin();
  await sink.insert("Workspace", ["id", "name", "createdAt"], [[SEED_WORKSPACE, "Default", iso(now)]]);
  const flows = Array.from({ length: SEED_FLOWS }, (_, f) => ({
    id: seedFlowId(f),
    version: `ver_seed${f}`,
    endpoint: `ep_seed${f}`,
  }));
  await sink.insert(
    "Flow",
    ["id", "workspaceId", "name", "draft", "createdAt", "updatedAt"],
    flows.map((f, i) => [f.id, SEED_WORKSPACE, `Seeded flow ${i}`, definition, iso(now - 31 * DAY), iso(now)]),
  );
  await sink.insert(
    "FlowVersion",
    ["id", "flowId", "number", "definition", "createdAt"],
    flows.map((f) => [f.version, f.id, 1, definition, iso(now - 31 * DAY)]),
  );
  await sink.insert(
    "WebhookEndpoint",
    ["id", "workspaceId", "flowId", "token", "tokenHash", "kind", "createdAt"],
    flows.map((f) => [f.endpoint, SEED_WORKSPACE, f.id, `tok_${f.id}`, `hash_${f.id}`, "live", iso(now - 31 * DAY)]),
  );
  await sink.commit();

  // Loading into tables without their secondary indexes and building those once at the end is
  // several times faster than updating a dozen B-trees per row.
  const indexes = await sink.dropIndexes();
  const span = 30 * DAY;
  const CHUNK = 5_000;
  const runIds: string[] = [];
  const headers = JSON.stringify({
    "content-type": "application/json",
    "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "stripe-signature": "[redacted]",
  });
  for (let start = 0; start < runs; start += CHUNK) {
    const dRows: Row[] = [];
    const rRows: Row[] = [];
    const sRows: Row[] = [];
    const tRows: Row[] = [];
    for (let i = start; i < Math.min(runs, start + CHUNK); i++) {
      const at = Math.floor(now - span + (span * i) / runs);
      const f = flows[i % SEED_FLOWS]!;
      const type = EVENT_TYPES[i % EVENT_TYPES.length]!;
      const roll = (i * 7919) % 100;
      const status = roll < 90 ? "succeeded" : roll < 98 ? "failed" : roll < 99 ? "cancelled" : "succeeded";
      const body = JSON.stringify({
        id: `evt_${i.toString(36)}`,
        type,
        data: {
          object: {
            id: `pi_${i.toString(36)}`,
            customer: seedFacts.customerOf(i),
            amount: 500 + (i % 9000),
            currency: "usd",
            metadata: { order_number: seedFacts.orderOf(i) },
          },
        },
      });
      const dId = idAt("dlv", at);
      const rId = idAt("run", at);
      runIds.push(rId);
      dRows.push([
        dId,
        SEED_WORKSPACE,
        f.id,
        f.endpoint,
        "live",
        "POST",
        headers,
        Buffer.from(body),
        "application/json",
        "127.0.0.1",
        iso(at),
        "accepted",
        body.length,
        `evt_${i.toString(36)}`,
        type,
      ]);
      const t0 = at + 20;
      const failed = status === "failed";
      rRows.push([
        rId,
        SEED_WORKSPACE,
        f.id,
        f.version,
        dId,
        status,
        type,
        failed ? "http_2: Request failed with status 503" : null,
        iso(at),
        iso(at + 5),
        iso(t0),
        iso(t0 + (failed ? 2600 : 240)),
      ]);
      const step = (
        node: string,
        type2: string,
        attempt: number,
        st: string,
        s: number,
        e: number,
        output: unknown,
        error: unknown,
      ) =>
        sRows.push([
          idAt("step", t0 + s),
          rId,
          node,
          type2,
          attempt,
          st,
          JSON.stringify({ url: `https://example/${node}` }),
          output === null ? null : JSON.stringify(output),
          error === null ? null : JSON.stringify(error),
          iso(t0 + s),
          iso(t0 + e),
        ]);
      step("trigger", "webhook", 0, "succeeded", 0, 5, { type }, null);
      step("http_1", "http", 0, "succeeded", 10, 120, { status: 200, body: { ok: true } }, null);
      if (failed) {
        step("http_2", "http", 0, "failed", 130, 230, null, {
          name: "HttpError",
          message: "Request failed with status 503",
          stack: "HttpError: Request failed with status 503\n    at send (lib/engine/executors/http.ts:120:11)",
        });
        step("http_2", "http", 1, "failed", 2230, 2600, null, {
          name: "HttpError",
          message: "Request failed with status 503",
        });
      } else step("http_2", "http", 0, "succeeded", 130, 240, { status: 202 }, null);
      for (const t of bodyTokens(body, "application/json")) tRows.push([SEED_WORKSPACE, t, rId, f.id]);
    }
    await sink.begin();
    await sink.insert(
      "Delivery",
      [
        "id",
        "workspaceId",
        "flowId",
        "endpointId",
        "kind",
        "method",
        "headers",
        "body",
        "contentType",
        "sourceIp",
        "receivedAt",
        "verdict",
        "size",
        "identity",
        "eventType",
      ],
      dRows,
    );
    await sink.insert(
      "Run",
      [
        "id",
        "workspaceId",
        "flowId",
        "flowVersionId",
        "deliveryId",
        "status",
        "eventType",
        "error",
        "createdAt",
        "dispatchedAt",
        "startedAt",
        "finishedAt",
      ],
      rRows,
    );
    await sink.insert(
      "StepRun",
      ["id", "runId", "nodeId", "nodeType", "attempt", "status", "input", "output", "error", "startedAt", "finishedAt"],
      sRows,
    );
    tRows.sort((a, b) => ((a[1] as string) < (b[1] as string) ? -1 : (a[1] as string) > (b[1] as string) ? 1 : 0));
    await sink.insert("RunSearchToken", ["workspaceId", "token", "runId", "flowId"], tRows);
    await sink.commit();
    if ((start / CHUNK) % 20 === 0)
      log(`seeded ${Math.min(runs, start + CHUNK).toLocaleString("en-US")} / ${runs.toLocaleString("en-US")} runs`);
  }
  log(`building ${indexes.length} indexes`);
  for (const sql of indexes) await sink.run(sql);
  // The search indexer's cursor: everything seeded is indexed.
  await sink.begin();
  await sink.insert("HistoryCursor", ["id", "lastId"], [["search", runIds.at(-1) ?? ""]]);
  await sink.commit();
  await sink.finish();
  await sink.close();
  return { runIds, seconds: (performance.now() - started) / 1000 };
}

function seedFlowId(f: number) {
  return seedFacts.flowId(f);
}

// CLI
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/scripts\//, "scripts/"))) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg("url") ?? process.env.DATABASE_URL;
  const runs = Number(arg("runs") ?? 100_000);
  if (!url) throw new Error("give --url <DATABASE_URL> (a migrated database)");
  void seedRuns(url, runs, (s) => console.log(s)).then((r) =>
    console.log(`seeded ${runs.toLocaleString("en-US")} runs in ${r.seconds.toFixed(1)} s`),
  );
}
