// The engine's own bookkeeping (Run status transitions, StepRun records) in raw SQL on a
// connection of its own (lib/executor/sql.ts: a synchronous `libsql` connection with prepared
// statements on SQLite, a small `pg` pool on PostgreSQL), with group commit: the writes that
// arrive in one event-loop turn go to the database in one transaction, and each caller awaits the
// commit of its own write. So a step's record is committed before the step's result is returned
// to the SDK, exactly as with one ORM call per write, at a fraction of the cost (the ORM's query
// building and one transaction per statement were the engine's biggest CPU cost).
// Writes are applied in the order they were queued (one process-wide FIFO).
import "server-only";
import { env, isPostgresUrl } from "@/lib/env";
import { openPostgres, sharedSqlite, type ExecSql, type Params } from "@/lib/executor/sql";

type Conn = { url: string; sql: ExecSql };
type Op = { sql: string; params: Params; done: (n: number) => void; fail: (e: unknown) => void };
type State = { conn?: Conn; queue: Op[]; flushing: boolean };
const g = globalThis as unknown as { __hooklineEngineBook?: State };
const state: State = (g.__hooklineEngineBook ??= { queue: [], flushing: false });

export function bookSql(): ExecSql {
  const url = env().DATABASE_URL;
  if (!state.conn || state.conn.url !== url) {
    const old = state.conn;
    state.conn = { url, sql: isPostgresUrl(url) ? openPostgres(url, 4) : sharedSqlite(url.replace(/^file:/, "").replace(/\?.*$/, "")) };
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

/** One write, committed together with the others of this event-loop turn; resolves to the rows changed. */
export function bookWrite(sql: string, params: Params): Promise<number> {
  return new Promise<number>((done, fail) => {
    // Dates as UTC ISO text: Prisma's own format on SQLite; on PostgreSQL its timestamp(3) columns
    // hold UTC wall time, which `pg` would otherwise write in the process's local time zone.
    state.queue.push({ sql, params: params.map((p) => (p instanceof Date ? p.toISOString() : p)), done, fail });
    if (!state.flushing) {
      state.flushing = true;
      setImmediate(() => void flush());
    }
  });
}

async function flush() {
  try {
    while (state.queue.length > 0) {
      const batch = state.queue;
      state.queue = [];
      const conn = bookSql();
      let counts: number[] | undefined;
      try {
        counts = await conn.runAll(batch);
      } catch {
        // One bad write must not fail the others: apply them one by one.
        for (const op of batch) {
          try {
            op.done(await conn.tx((q) => q.run(op.sql, op.params)));
          } catch (e) {
            op.fail(e);
          }
        }
        continue;
      }
      batch.forEach((op, i) => op.done(counts![i]!));
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
