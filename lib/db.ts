// One Prisma client per process: a SQLite file (libsql) by default, PostgreSQL when DATABASE_URL
// is postgres://. Prisma pins the provider per schema, so there are two generated clients with the
// same model API. Cached on globalThis: Next gives route handlers and instrumentation separate
// module instances in one process.
import "server-only";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { env, isPostgresUrl } from "./env";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

type Handle = { db: Db; ready: Promise<void>; url: string; postgres: boolean };
const g = globalThis as unknown as { __hooklineDb?: Handle };

function open(url: string): Handle {
  if (isPostgresUrl(url)) {
    const db = new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
    return { db, ready: Promise.resolve(), url, postgres: true };
  }
  // timeout = SQLite busy timeout (ms); libsql's default of 0 fails at once under contention.
  const db = new SqliteClient({ adapter: new PrismaLibSql({ url, timeout: 5000 }) });
  // Durability: WAL with synchronous=FULL fsyncs every commit, so an acknowledged delivery
  // survives a power cut, not just a process crash.
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
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

/** For tests: close and forget the client (the next getDb() opens DATABASE_URL afresh). */
export async function closeDb() {
  const h = g.__hooklineDb;
  g.__hooklineDb = undefined;
  await h?.db.$disconnect();
}
