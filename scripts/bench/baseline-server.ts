// The baseline the ingest figures are compared with: a bare node:http server that, per request,
// reads the body, verifies the Stripe signature, and commits the delivery on its own - one
// transaction, so one fsync, per request - answering 202 only after the commit.
//
//   sqlite: @libsql/client on a file in WAL mode with synchronous=FULL; one write transaction per
//           request (claim the dedupe key with ON CONFLICT DO NOTHING, insert the delivery).
//   pg:     `pg` pool; one statement per request in autocommit (a CTE claims the dedupe key and
//           inserts the delivery), and PostgreSQL fsyncs each commit (synchronous_commit=on).
//
// argv[2]: JSON BaselineConfig. GET /health answers 200 once the tables exist.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { createClient } from "@libsql/client";
import pg from "pg";
import { verifyStripeSignature } from "./stripe-signature";

export type BaselineConfig = { db: "sqlite" | "pg"; url: string; port: number; secret: string; poolSize: number };

const cfg = JSON.parse(process.argv[2] ?? "{}") as BaselineConfig;

type Store = (d: { id: string; eventId: string | null; body: Buffer; headers: string; receivedAt: Date }) => Promise<void>;

async function sqliteStore(): Promise<Store> {
  const db = createClient({ url: cfg.url });
  await db.execute("PRAGMA journal_mode = WAL");
  await db.execute("PRAGMA synchronous = FULL");
  await db.execute("CREATE TABLE IF NOT EXISTS delivery (id TEXT PRIMARY KEY, event_id TEXT, body BLOB NOT NULL, headers TEXT NOT NULL, received_at INTEGER NOT NULL)");
  await db.execute("CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, delivery_id TEXT NOT NULL)");
  return async (d) => {
    const rows = [{ sql: "INSERT INTO delivery (id, event_id, body, headers, received_at) VALUES (?, ?, ?, ?, ?)", args: [d.id, d.eventId, d.body, d.headers, d.receivedAt.getTime()] }];
    if (d.eventId) rows.unshift({ sql: "INSERT INTO dedupe (key, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING", args: [d.eventId, d.id] });
    await db.batch(rows, "write"); // BEGIN IMMEDIATE … COMMIT: one transaction, one fsync
  };
}

async function pgStore(): Promise<Store> {
  const pool = new pg.Pool({ connectionString: cfg.url, max: cfg.poolSize });
  await pool.query("CREATE TABLE IF NOT EXISTS delivery (id TEXT PRIMARY KEY, event_id TEXT, body BYTEA NOT NULL, headers TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL)");
  await pool.query("CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, delivery_id TEXT NOT NULL)");
  const sql =
    "WITH claim AS (INSERT INTO dedupe (key, delivery_id) SELECT $2, $1 WHERE $2::text IS NOT NULL ON CONFLICT DO NOTHING) " +
    "INSERT INTO delivery (id, event_id, body, headers, received_at) VALUES ($1, $2, $3, $4, $5)";
  return async (d) => {
    await pool.query(sql, [d.id, d.eventId, d.body, d.headers, d.receivedAt]);
  };
}

const store = cfg.db === "pg" ? await pgStore() : await sqliteStore();

function answer(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function eventId(body: Buffer): string | null {
  try {
    const id = (JSON.parse(body.toString("utf8")) as { id?: unknown }).id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return answer(res, 200, '{"ok":true}');
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const sig = req.headers["stripe-signature"];
    if (!verifyStripeSignature(cfg.secret, Array.isArray(sig) ? sig.join(",") : sig, body)) return answer(res, 401, '{"error":"bad_signature"}');
    const id = `dlv_${randomUUID()}`;
    store({ id, eventId: eventId(body), body, headers: JSON.stringify(req.headers), receivedAt: new Date() }).then(
      () => answer(res, 202, `{"received":true,"id":"${id}"}`),
      (e: unknown) => {
        console.error("[baseline] store failed:", e);
        answer(res, 503, '{"error":"unavailable"}');
      },
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(cfg.port, "127.0.0.1");
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => process.exit(0));
