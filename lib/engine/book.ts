// The engine's own bookkeeping (Run status transitions, StepRun records) in raw SQL on a
// connection of its own (lib/sql/exec-sql.ts: a synchronous `libsql` connection with prepared
// statements on SQLite, a small `pg` pool on PostgreSQL), with group commit: the writes that
// arrive in one event-loop turn go to the database in one transaction, and each caller awaits the
// commit of its own write. So a step's record is committed before the step's result is returned
// to the SDK, exactly as with one ORM call per write, at a fraction of the cost (the ORM's query
// building and one transaction per statement were the engine's biggest CPU cost).
// Writes are applied in the order they were queued (one process-wide FIFO). On PostgreSQL the
// writes of one flush that belong to one RowWrite family (a step's record, a run's status) go as
// ONE statement over arrays instead of one statement each: a run makes about six of them, and each
// statement costs CPU in this process and in PostgreSQL. SQLite runs them one by one (in-process,
// a statement costs microseconds).
import "server-only";
import { env, isPostgresUrl } from "@/lib/env";
import { openPostgres, sharedSqlite, type ExecSql, type Params } from "@/lib/sql/exec-sql";

type Conn = { url: string; sql: ExecSql };
/**
 * A write many callers make, one row each. `one` writes one row (`?` placeholders); `many`, on
 * PostgreSQL, writes N rows, its `$k` the array of every row's k-th parameter.
 */
export type RowWrite = {
  one: string | ((postgres: boolean) => string);
  many: string;
  /** The row written (table and key): writes of one flush to one row keep their order. */
  row: (params: Params) => string;
  /**
   * Several writes of this family to one row in one flush: "last" sends the last alone (it sets
   * every column), "first" sends them all in one statement (an insert that keeps the first),
   * "ordered" sends them one after another.
   */
  sameRow: "last" | "first" | "ordered";
};

type Op = { sql: string | RowWrite; params: Params; done: () => void; fail: (e: unknown) => void };
type Statement = { sql: string; params: Params; ops: Op[] };
type State = { conn?: Conn; queue: Op[]; flushing: boolean };
const g = globalThis as unknown as { __hooklineEngineBook?: State };
const state: State = (g.__hooklineEngineBook ??= { queue: [], flushing: false });

export function bookSql(): ExecSql {
  const url = env().DATABASE_URL;
  if (!state.conn || state.conn.url !== url) {
    const old = state.conn;
    state.conn = {
      url,
      sql: isPostgresUrl(url) ? openPostgres(url, 4) : sharedSqlite(url.replace(/^file:/, "").replace(/\?.*$/, "")),
    };
    if (old) void old.sql.close().catch(() => undefined);
  }
  return state.conn.sql;
}

/** For tests: close the connection (the next write opens DATABASE_URL afresh). */
export async function closeBook() {
  const c = state.conn;
  state.conn = undefined;
  await c?.sql.close();
}

/** One write, committed together with the others of this event-loop turn. */
export function bookWrite(sql: string | RowWrite, params: Params): Promise<void> {
  return new Promise<void>((done, fail) => {
    // Dates as UTC ISO text: Prisma's own format on SQLite; on PostgreSQL its timestamp(3) columns
    // hold UTC wall time, which `pg` would otherwise write in the process's local time zone.
    state.queue.push({ sql, params: params.map((p) => (p instanceof Date ? p.toISOString() : p)), done, fail });
    if (!state.flushing) {
      state.flushing = true;
      setImmediate(() => void flush());
    }
  });
}

const oneSql = (sql: string | RowWrite, postgres: boolean) =>
  typeof sql === "string" ? sql : typeof sql.one === "string" ? sql.one : sql.one(postgres);

/**
 * PostgreSQL: the statements for a flush. Consecutive writes form segments in which no row is
 * written by two families (nor twice by an "ordered" one); within a segment each family's writes
 * become one statement, and segments keep their order, so every row sees its writes in order.
 * A plain SQL write is a segment of its own.
 */
function planWrites(batch: Op[], postgres: boolean): Statement[] {
  if (!postgres) return batch.map((op) => ({ sql: oneSql(op.sql, false), params: op.params, ops: [op] }));
  const out: Statement[] = [];
  let groups = new Map<RowWrite, Op[]>();
  let touched = new Map<string, RowWrite>();
  const close = () => {
    for (const [family, ops] of groups) {
      let rows = ops;
      if (family.sameRow === "last") {
        const last = new Map(ops.map((op) => [family.row(op.params), op]));
        rows = [...last.values()];
      }
      if (rows.length === 1) out.push({ sql: oneSql(family, true), params: rows[0]!.params, ops });
      else
        out.push({
          sql: family.many,
          params: rows[0]!.params.map((_, k) => rows.map((op) => op.params[k] ?? null)),
          ops,
        });
    }
    groups = new Map();
    touched = new Map();
  };
  for (const op of batch) {
    if (typeof op.sql === "string") {
      close();
      out.push({ sql: op.sql, params: op.params, ops: [op] });
      continue;
    }
    const family = op.sql;
    const row = family.row(op.params);
    const before = touched.get(row);
    if (before && (before !== family || family.sameRow === "ordered")) close();
    touched.set(row, family);
    const ops = groups.get(family);
    if (ops) ops.push(op);
    else groups.set(family, [op]);
  }
  close();
  return out;
}

/** Writes and statements so far (tests, diagnostics). */
export const bookStats = { writes: 0, statements: 0 };

async function flush() {
  try {
    while (state.queue.length > 0) {
      const batch = state.queue;
      state.queue = [];
      const conn = bookSql();
      const statements = planWrites(batch, conn.postgres);
      try {
        await conn.runAll(statements);
        bookStats.writes += batch.length;
        bookStats.statements += statements.length;
      } catch {
        // One bad write must not fail the others: apply them one by one.
        for (const op of batch) {
          try {
            await conn.tx((q) => q.run(oneSql(op.sql, conn.postgres), op.params));
            op.done();
          } catch (e) {
            op.fail(e);
          }
        }
        continue;
      }
      for (const st of statements) for (const op of st.ops) op.done();
    }
  } finally {
    state.flushing = false;
    if (state.queue.length > 0) {
      state.flushing = true;
      setImmediate(() => void flush());
    }
  }
}

/** Rows read on the bookkeeping connection (no ORM). */
export function bookAll<T>(sql: string, params: Params): Promise<T[]> {
  return bookSql().all<T>(sql, params);
}

/** One row read on the bookkeeping connection (no ORM). */
export async function bookRead<T>(sql: string, params: Params): Promise<T | undefined> {
  return (await bookSql().all<T>(sql, params))[0];
}

/**
 * A DateTime column read raw: ISO text on SQLite; on PostgreSQL a timestamp without time zone that
 * holds UTC but that `pg` parsed as local time.
 */
export function bookDate(v: string | number | Date): Date {
  if (v instanceof Date) return new Date(v.getTime() - v.getTimezoneOffset() * 60_000);
  return new Date(v);
}

/** `"column" IN (…)` for one array parameter, in this database's dialect. */
export const bookIn = (column: string) => bookSql().inList(column);
