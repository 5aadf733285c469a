// Fresh PostgreSQL databases for the bench, created and dropped through `pg`. The server is
// BENCH_PG_URL (any database on it; default postgresql://postgres@127.0.0.1:5432/postgres).
import pg from "pg";

export const PG_ADMIN_URL = process.env.BENCH_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

const withDb = (name: string) => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The server's version and the settings that decide what a commit costs; null when unreachable. */
export async function pgFacts(): Promise<string | null> {
  try {
    return await admin(async (c) => {
      const v = (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
      const sc = (await c.query<{ synchronous_commit: string }>("SHOW synchronous_commit")).rows[0]!.synchronous_commit;
      const fs = (await c.query<{ fsync: string }>("SHOW fsync")).rows[0]!.fsync;
      return `PostgreSQL ${v} (fsync=${fs}, synchronous_commit=${sc})`;
    });
  } catch {
    return null;
  }
}

/** Creates an empty database and returns its URL. */
export async function createDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: withDb(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** One query on a database of the bench's server. */
export async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}
