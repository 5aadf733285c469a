// One Prisma client per process: a SQLite file (libsql) by default, PostgreSQL when DATABASE_URL
// is postgres://. Prisma pins the provider per schema, so there are two generated clients with the
// same model API. Cached on globalThis: Next gives route handlers and instrumentation separate
// module instances in one process.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Client, Config, TransactionMode } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { env, isPostgresUrl } from "./env";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

type Handle = { db: Db; ready: Promise<void>; url: string; postgres: boolean };
const g = globalThis as unknown as { __hooklineDb?: Handle };

// Durability, stated once: a transaction run inside durably() is fsynced before it commits
// (SQLite WAL with synchronous=FULL; PostgreSQL synchronous_commit=on). Everything else (engine
// bookkeeping) commits without waiting for the disk: it survives a crash of the process, and a
// power cut can only lose the newest of those commits (a WAL loses a suffix, never a middle), and
// the next durable commit fsyncs them all. Acknowledged deliveries are always durable.
const durable = new AsyncLocalStorage<boolean>();
export const durably = <T>(fn: () => Promise<T>): Promise<T> => durable.run(true, fn);
export const isDurable = () => durable.getStore() === true;

// libsql gives a transaction the client's current connection and opens a fresh one for later
// statements; connection settings (synchronous, foreign_keys) are re-applied on each switch.
// Every transaction begins IMMEDIATE (libsql's "write"): it takes the write lock up front, waiting
// for it under the busy timeout. Prisma's default, DEFERRED, reads first and asks for the lock at
// its first write; if another process (the engine, a steps worker) committed in between, SQLite
// answers SQLITE_BUSY at once, without waiting, and the request fails with a 500.
class HooklineLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    const client = super.createClient(config);
    const begin = client.transaction.bind(client);
    client.transaction = (async (_mode?: TransactionMode) => {
      await client.execute(`PRAGMA synchronous = ${isDurable() ? "FULL" : "NORMAL"}`);
      const tx = await begin("write");
      // The statements after begin() run on the connection libsql opens for what comes next (the
      // first connection got its settings in open()).
      await client.execute("PRAGMA synchronous = NORMAL");
      await client.execute("PRAGMA foreign_keys = ON");
      await client.execute("PRAGMA wal_autocheckpoint = 0");
      return tx;
    }) as Client["transaction"];
    return client;
  }
}

function open(url: string): Handle {
  if (isPostgresUrl(url)) {
    // Sessions default to asynchronous commit; durable transactions switch it on (SET LOCAL).
    const db = new PgClient({
      adapter: new PrismaPg({ connectionString: url, options: "-c synchronous_commit=off" }),
    }) as unknown as Db;
    return { db, ready: Promise.resolve(), url, postgres: true };
  }
  // timeout = SQLite busy timeout (ms); libsql's default of 0 fails at once under contention.
  const db = new SqliteClient({ adapter: new HooklineLibSql({ url, timeout: 5000 }) });
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    // The WAL is checkpointed by one thread beside the background (lib/wal-checkpointer.ts).
    await db.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
  })();
  return { db, ready, url, postgres: false };
}

function handle(): Handle {
  const url = env().DATABASE_URL;
  if (!g.__hooklineDb || g.__hooklineDb.url !== url) g.__hooklineDb = open(url);
  return g.__hooklineDb;
}

/** The database client, with connection pragmas applied. */
export async function getDb(): Promise<Db> {
  const h = handle();
  await h.ready;
  return h.db;
}

export const usingPostgres = () => isPostgresUrl(env().DATABASE_URL);

/** The file of a `file:` DATABASE_URL. */
export const sqliteFile = (url: string) => url.replace(/^file:/, "").replace(/\?.*$/, "");

/** For tests: close and forget the client (the next getDb() opens DATABASE_URL afresh). */
export async function closeDb() {
  const h = g.__hooklineDb;
  g.__hooklineDb = undefined;
  await h?.db.$disconnect();
}
