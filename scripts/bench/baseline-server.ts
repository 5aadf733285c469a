// The baseline the ingest figures are compared with: a bare node:http server that, per request,
// reads the body, verifies the Stripe signature, and commits the delivery on its own - one
// transaction, so one fsync, per request - answering 202 only after the commit.
//
//   sqlite: @libsql/client on a file in WAL mode with synchronous=FULL; one write transaction per
//           request (claim the dedupe key with ON CONFLICT DO NOTHING, insert the delivery).
//   pg:     `pg` pool; one statement per request in autocommit (a CTE claims the dedupe key and
//           inserts the delivery), and PostgreSQL fsyncs each commit (synchronous_commit=on).
//
// With `group: true` (the bench's --diagnose) it is the lean group-commit reference instead: below.
//
// argv[2]: JSON BaselineConfig. GET /health answers 200 once the tables exist.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { createClient } from "@libsql/client";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { verifyStripeSignature } from "./stripe-signature";

export type BaselineConfig = {
  db: "sqlite" | "pg";
  url: string;
  port: number;
  secret: string;
  poolSize: number;
  group?: boolean;
};

const cfg = JSON.parse(process.argv[2] ?? "{}") as BaselineConfig;

/** The tables every variant writes: a delivery and its dedupe key. */
const TABLES = {
  sqlite: [
    "CREATE TABLE IF NOT EXISTS delivery (id TEXT PRIMARY KEY, event_id TEXT, body BLOB NOT NULL, headers TEXT NOT NULL, received_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, delivery_id TEXT NOT NULL)",
  ],
  pg: [
    "CREATE TABLE IF NOT EXISTS delivery (id TEXT PRIMARY KEY, event_id TEXT, body BYTEA NOT NULL, headers TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, delivery_id TEXT NOT NULL)",
  ],
};

type Store = (d: {
  id: string;
  eventId: string | null;
  body: Buffer;
  headers: string;
  receivedAt: Date;
}) => Promise<void>;

async function sqliteStore(): Promise<Store> {
  const db = createClient({ url: cfg.url });
  await db.execute("PRAGMA journal_mode = WAL");
  await db.execute("PRAGMA synchronous = FULL");
  for (const t of TABLES.sqlite) await db.execute(t);
  return async (d) => {
    const rows = [
      {
        sql: "INSERT INTO delivery (id, event_id, body, headers, received_at) VALUES (?, ?, ?, ?, ?)",
        args: [d.id, d.eventId, d.body, d.headers, d.receivedAt.getTime()],
      },
    ];
    if (d.eventId)
      rows.unshift({
        sql: "INSERT INTO dedupe (key, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        args: [d.eventId, d.id],
      });
    await db.batch(rows, "write"); // BEGIN IMMEDIATE … COMMIT: one transaction, one fsync
  };
}

async function pgStore(): Promise<Store> {
  const pool = new pg.Pool({ connectionString: cfg.url, max: cfg.poolSize });
  for (const t of TABLES.pg) await pool.query(t);
  const sql =
    "WITH claim AS (INSERT INTO dedupe (key, delivery_id) SELECT $2, $1 WHERE $2::text IS NOT NULL ON CONFLICT DO NOTHING) " +
    "INSERT INTO delivery (id, event_id, body, headers, received_at) VALUES ($1, $2, $3, $4, $5)";
  return async (d) => {
    await pool.query(sql, [d.id, d.eventId, d.body, d.headers, d.receivedAt]);
  };
}

type Delivery = Parameters<Store>[0];

const LEAN_SQLITE_WORKER = `
const { parentPort, receiveMessageOnPort, workerData } = require("node:worker_threads");
const Database = require("libsql");
const db = new Database(workerData.file);
// No checkpoint in the committing thread (as in the app, whose checkpoints run in a thread of their
// own): SQLite's automatic one copies and fsyncs pages inside a COMMIT every 1,000 pages.
db.exec("PRAGMA journal_mode = WAL"); db.exec("PRAGMA synchronous = FULL"); db.exec("PRAGMA wal_autocheckpoint = 0");
for (const t of workerData.tables) db.exec(t);
const ins = db.prepare("INSERT INTO delivery (id, event_id, body, headers, received_at) VALUES (?, ?, ?, ?, ?)");
const claim = db.prepare("INSERT INTO dedupe (key, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
parentPort.postMessage("ready");
parentPort.on("message", (first) => {
  const msgs = [first];
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) msgs.push(m.message);
  let error;
  try {
    db.exec("BEGIN IMMEDIATE");
    for (const m of msgs) for (const r of m.rows) { if (r[1]) claim.run(r[1], r[0]); ins.run(r[0], r[1], Buffer.from(r[2]), r[3], r[4]); }
    db.exec("COMMIT");
  } catch (e) {
    error = String(e);
    try { db.exec("ROLLBACK"); } catch {}
  }
  for (const m of msgs) parentPort.postMessage({ seq: m.seq, error });
});`;

// Diagnostic (cfg.group): the same server with group commit - the lean reference the issue
// describes, measured on this machine. The deliveries read in one event-loop turn are written in
// one transaction: on PostgreSQL one statement (both tables, array parameters), up to four batches
// in flight on their own connections; on SQLite a worker thread's prepared statements, batches
// queued during a commit joining the next one (as the app's writer does).
// (2 or 8 in flight on PostgreSQL measured no better than 4.)
const LEAN_IN_FLIGHT = 4;
async function groupStore(): Promise<Store> {
  let write: (ds: Delivery[]) => Promise<void>;
  if (cfg.db === "pg") {
    const pool = new pg.Pool({ connectionString: cfg.url, max: LEAN_IN_FLIGHT });
    for (const t of TABLES.pg) await pool.query(t);
    const sql =
      // The bodies travel as one binary parameter sliced by offset (as the app's writer sends them):
      // a bytea[] parameter goes as hex text, which costs both sides CPU.
      "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::timestamptz[]) AS t(id, event_id, boff, blen, headers, received_at)), " +
      "claim AS (INSERT INTO dedupe (key, delivery_id) SELECT event_id, id FROM input WHERE event_id IS NOT NULL ON CONFLICT DO NOTHING) " +
      "INSERT INTO delivery (id, event_id, body, headers, received_at) SELECT id, event_id, substring($7::bytea FROM boff + 1 FOR blen), headers, received_at FROM input";
    write = async (ds) => {
      const offsets: number[] = [];
      let off = 0;
      for (const d of ds) {
        offsets.push(off);
        off += d.body.length;
      }
      const values = [
        ds.map((d) => d.id),
        ds.map((d) => d.eventId),
        offsets,
        ds.map((d) => d.body.length),
        ds.map((d) => d.headers),
        ds.map((d) => d.receivedAt),
        Buffer.concat(
          ds.map((d) => d.body),
          off,
        ),
      ];
      await pool.query({ name: "group", text: sql, values });
    };
  } else {
    // The writer in a worker thread (libsql's synchronous API), so the COMMIT's fsync never blocks
    // the event loop; batches queued during a commit join the next transaction.
    const worker = new Worker(LEAN_SQLITE_WORKER, {
      eval: true,
      workerData: { file: cfg.url.replace(/^file:/, ""), tables: TABLES.sqlite },
    });
    await new Promise<void>(
      (resolve, reject) => (worker.once("message", () => resolve()), worker.once("error", reject)),
    );
    let seq = 0;
    const waiting = new Map<number, (error?: string) => void>();
    worker.on("message", (m: { seq: number; error?: string }) => {
      waiting.get(m.seq)?.(m.error);
      waiting.delete(m.seq);
    });
    write = (ds) =>
      new Promise<void>((resolve, reject) => {
        waiting.set(++seq, (error) => (error ? reject(new Error(error)) : resolve()));
        worker.postMessage({ seq, rows: ds.map((d) => [d.id, d.eventId, d.body, d.headers, d.receivedAt.getTime()]) });
      });
  }
  const queue: { d: Delivery; done: (e?: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;
  const pump = () => {
    while (queue.length && inFlight < LEAN_IN_FLIGHT) {
      const batch = queue.splice(0, 200);
      inFlight++;
      write(batch.map((b) => b.d)).then(
        () => {
          inFlight--;
          pump();
          batch.forEach((b) => b.done());
        },
        (e: unknown) => {
          inFlight--;
          pump();
          batch.forEach((b) => b.done(e));
        },
      );
    }
  };
  return (d) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ d, done: (e) => (e ? reject(e) : resolve()) });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          pump();
        });
      }
    });
}

const store = cfg.group ? await groupStore() : cfg.db === "pg" ? await pgStore() : await sqliteStore();

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
    if (!verifyStripeSignature(cfg.secret, Array.isArray(sig) ? sig.join(",") : sig, body))
      return answer(res, 401, '{"error":"bad_signature"}');
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
