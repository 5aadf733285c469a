// The raw-SQL connection beside Prisma's, shared by the embedded executor (lib/executor), the
// engine's bookkeeping (lib/engine/book.ts, which must run unchanged on a real Inngest, without the
// executor) and the dispatcher: their state changes are short batches of raw SQL (many jobs per
// transaction), and an ORM interactive transaction per job was what capped them. SQLite: one
// connection with the `libsql` driver's synchronous API, prepared statements, and each transaction
// one synchronous BEGIN IMMEDIATE … COMMIT stretch (no await inside, so Prisma's connection in the
// same process is never blocked behind it). PostgreSQL: a small `pg` pool.
// Statements are written once with `?` placeholders; lists go in as one parameter (`inList`).
// Commits do not wait for the disk (engine bookkeeping; see lib/db.ts on durability).
import Database from "libsql";
import pg from "pg";

export type Params = unknown[];

export interface Q {
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  run(sql: string, params?: Params): Promise<number>;
}

export interface ExecSql extends Q {
  postgres: boolean;
  /** One write transaction (SQLite: this process's transactions run one at a time). */
  tx<T>(fn: (q: Q) => Promise<T>): Promise<T>;
  /**
   * Independent writes in one transaction, in order; resolves to each one's changed-row count.
   * PostgreSQL sends BEGIN, the writes and COMMIT together (pipelined: one round trip, not one each).
   */
  runAll(ops: { sql: string; params: Params }[]): Promise<number[]>;
  /** `"col" IN (…)` for an array parameter. */
  inList(column: string): string;
  /** Text at a JSON path of a text column holding JSON; the path is one parameter (`jsonPath`). */
  jsonText(column: string): string;
  jsonPath(path: string[]): unknown;
  close(): Promise<void>;
}

/** SQLite stores Prisma DateTimes as ISO text and booleans as 0/1. */
const sqliteParam = (v: unknown) =>
  v instanceof Date
    ? v.toISOString()
    : typeof v === "boolean"
      ? v
        ? 1
        : 0
      : Array.isArray(v)
        ? JSON.stringify(v)
        : v === undefined
          ? null
          : v;

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export function openSqlite(file: string): ExecSql {
  // timeout 0: never block the event loop waiting for the write lock (see begin()).
  const db = new Database(file, { timeout: 0 });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  // Checkpoints are the checkpointer thread's (lib/wal-checkpointer.ts), never this event loop's.
  db.exec("PRAGMA wal_autocheckpoint = 0");
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const q: Q = {
    all: async <T>(sql: string, params: Params = []) => prepared(sql).all(...params.map(sqliteParam)) as T[],
    run: async (sql: string, params: Params = []) => prepared(sql).run(...params.map(sqliteParam)).changes,
  };
  const mutex = new Mutex();
  async function begin() {
    // Prisma's connection may hold the write lock across an await: wait asynchronously.
    for (let attempt = 0; ; attempt++) {
      try {
        db.exec("BEGIN IMMEDIATE");
        return;
      } catch (e) {
        if (!/SQLITE_BUSY|database is locked/i.test(String((e as Error).message)) || attempt > 5000) throw e;
        await new Promise((r) => setTimeout(r, attempt < 10 ? 0 : 2));
      }
    }
  }
  const tx: ExecSql["tx"] = (fn) =>
    mutex.run(async () => {
      await begin();
      try {
        // The callbacks only await already-settled statements, so this is one synchronous stretch.
        const out = await fn(q);
        db.exec("COMMIT");
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw e;
      }
    });
  return {
    postgres: false,
    ...q,
    tx,
    runAll: (ops) => tx(async (t) => Promise.all(ops.map((op) => t.run(op.sql, op.params)))),
    inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
    jsonText: (column) => `json_extract(${column}, ?)`,
    jsonPath: (path) => `$.${path.map((p) => `"${p.replace(/"/g, "")}"`).join(".")}`,
    close: async () => void db.close(),
  };
}

/**
 * One SQLite connection per file and process, shared by the executor and the engine's bookkeeping
 * (lib/engine/book.ts): their write transactions then queue on one mutex instead of contending for
 * the file's write lock (BEGIN IMMEDIATE retries). Closed when its last user closes it.
 */
const g = globalThis as unknown as { __hooklineSharedSqlite?: Map<string, { sql: ExecSql; users: number }> };
export function sharedSqlite(file: string): ExecSql {
  const shared = (g.__hooklineSharedSqlite ??= new Map());
  let entry = shared.get(file);
  if (!entry) {
    entry = { sql: openSqlite(file), users: 0 };
    shared.set(file, entry);
  }
  entry.users++;
  const e = entry;
  let closed = false;
  return {
    ...e.sql,
    close: async () => {
      if (closed) return;
      closed = true;
      if (--e.users > 0) return;
      if (shared.get(file) === e) shared.delete(file);
      await e.sql.close();
    },
  };
}

/** `?` → `$n` outside string literals. */
function numbered(sql: string): string {
  let n = 0;
  let out = "";
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === "?" && !quoted ? `$${++n}` : ch;
  }
  return out;
}

export function openPostgres(url: string, poolSize = 4): ExecSql {
  // Pipelined connections (node-postgres `pipeline`): a query is written at once, not after the
  // previous one's answer, so a transaction's BEGIN travels with its first statement, and runAll
  // sends BEGIN, its writes and COMMIT in one go. Each round trip saved is ~60-80 µs of this
  // process's CPU (syscalls, parsing, wake-ups), and the engine makes several per run.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: "-c synchronous_commit=off",
    pipeline: true,
  } as pg.PoolConfig);
  pool.on("error", () => undefined); // an idle client's error: the next query reconnects
  // Each statement is prepared once per connection (a name per distinct text), so PostgreSQL parses
  // and plans it once instead of on every call: the engine runs a handful of statements thousands
  // of times a second. Plans stay right for them: every one looks rows up by key or by an indexed
  // column, whatever the parameters. Past 500 distinct texts, new ones go unnamed.
  const cache = new Map<string, { name?: string; text: string }>();
  const query = (sql: string, values: Params): pg.QueryConfig => {
    let q = cache.get(sql);
    if (!q) {
      q = { name: cache.size < 500 ? `hookline_${cache.size}` : undefined, text: numbered(sql) };
      cache.set(sql, q);
    }
    return { ...q, values };
  };
  const on = (c: pg.Pool | pg.PoolClient): Q => ({
    all: async <T>(sql: string, params: Params = []) => (await c.query(query(sql, params))).rows as T[],
    run: async (sql: string, params: Params = []) => (await c.query(query(sql, params))).rowCount ?? 0,
  });
  // Several queries in one write: pg corks the socket around each query's messages, not across
  // queries, so without this each statement of a pipelined transaction is a system call of its own.
  const together = <T>(client: pg.PoolClient, issue: () => T): T => {
    const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } })
      .connection?.stream;
    stream?.cork?.();
    try {
      return issue();
    } finally {
      stream?.uncork?.();
    }
  };
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }
  /** Waits for a transaction's answers; on a failure, for every answer on the wire, then rolls back. */
  async function settle<T>(client: pg.PoolClient, sent: Promise<unknown>[], result: Promise<T>): Promise<T> {
    // Each is awaited below; this keeps a rejection that comes first from counting as unhandled.
    for (const p of sent) p.catch(() => undefined);
    try {
      for (const p of sent) await p;
      return await result;
    } catch (e) {
      // A failed statement aborts the transaction: a COMMIT already sent rolls it back. Make sure
      // nothing stays open on this connection either way.
      await Promise.allSettled(sent);
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
  }
  // No process-wide mutex here: PostgreSQL runs the executor's transactions side by side (a lease
  // skips locked rows, and admission takes its advisory lock first).
  return {
    postgres: true,
    ...on(pool),
    // BEGIN goes out with the first statement `fn` makes; COMMIT after `fn` is done.
    tx: (fn) =>
      withClient((client) => {
        const { begin, result } = together(client, () => ({ begin: client.query("BEGIN"), result: fn(on(client)) }));
        return settle(client, [begin, result, result.then(() => client.query("COMMIT"))], result);
      }),
    runAll: (ops) =>
      withClient((client) => {
        const q = on(client);
        const sent = together(
          client,
          () =>
            [
              client.query("BEGIN"),
              Promise.all(ops.map((op) => q.run(op.sql, op.params))),
              client.query("COMMIT"),
            ] as const,
        );
        return settle(client, [...sent], sent[1]);
      }),
    inList: (column) => `${column} = ANY(?::text[])`,
    jsonText: (column) => `(${column}::jsonb #>> ?::text[])`,
    jsonPath: (path) => path,
    close: () => pool.end(),
  };
}

/** The executor's connection to DATABASE_URL-style `url`: a `pg` pool, or this process's shared SQLite connection. */
export function openExecSql(url: string, poolSize?: number): ExecSql {
  return /^postgres(ql)?:/.test(url)
    ? openPostgres(url, poolSize)
    : sharedSqlite(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}
