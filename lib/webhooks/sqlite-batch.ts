// The group commit's writer on SQLite: its own connection (the `libsql` driver's synchronous API)
// with prepared statements, so a batch is BEGIN IMMEDIATE … COMMIT in one synchronous stretch:
// no await inside the transaction, no queueing behind Prisma's per-process lock, no connection
// churn. The commit runs with synchronous=FULL: it is fsynced before anything is answered.
// Same decisions as the PostgreSQL path in group-commit.ts, in the same order.
import "server-only";
import Database from "libsql";
import { newId } from "@/lib/ids";
import type { Committed, Pending } from "./group-commit";

type Statements = ReturnType<typeof prepare>;
type Conn = { db: Database.Database; st: Statements };
const g = globalThis as unknown as { __hooklineIngestSqlite?: Map<string, Conn> };
const conns = (g.__hooklineIngestSqlite ??= new Map());

function prepare(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  return {
    held: q(`SELECT "deliveryId" FROM "DedupeKey" WHERE "flowId" = ? AND "key" = ? AND "expiresAt" >= ?`),
    claim: q(`INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt") VALUES (?, ?, ?, ?)
              ON CONFLICT ("flowId", "key") DO UPDATE SET "deliveryId" = excluded."deliveryId", "expiresAt" = excluded."expiresAt"`),
    bucket: q(`SELECT "tokens", "updatedAt" FROM "RateBucket" WHERE "flowId" = ?`),
    setBucket: q(`INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt") VALUES (?, ?, ?)
                  ON CONFLICT ("flowId") DO UPDATE SET "tokens" = excluded."tokens", "updatedAt" = excluded."updatedAt"`),
    delivery: q(`INSERT INTO "Delivery" ("id", "workspaceId", "flowId", "endpointId", "kind", "method", "query", "headers", "body", "contentType",
                 "sourceIp", "receivedAt", "verdict", "reason", "size", "identity", "eventType") VALUES (${Array(17).fill("?").join(", ")})`),
    run: q(`INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt")
            VALUES (${Array(9).fill("?").join(", ")})`),
  };
}

function connection(file: string): Conn {
  let c = conns.get(file);
  if (!c) {
    // timeout 0: never block the event loop waiting for a lock (see begin()).
    const db = new Database(file, { timeout: 0 });
    db.exec("PRAGMA synchronous = FULL");
    c = { db, st: prepare(db) };
    conns.set(file, c);
  }
  return c;
}

/** Prisma stores SQLite DateTime as ISO text; raw rows must match. */
const iso = (d: Date) => d.toISOString();

async function begin(db: Database.Database) {
  // Another connection of this process (Prisma's) may hold the write lock across an await: wait
  // for it asynchronously instead of spinning inside SQLite, which would block that very holder.
  for (let attempt = 0; ; attempt++) {
    try {
      db.exec("BEGIN IMMEDIATE");
      return;
    } catch (e) {
      if (!/SQLITE_BUSY|database is locked/i.test(String((e as Error).message)) || attempt > 2000) throw e;
      await new Promise((r) => setTimeout(r, attempt < 10 ? 0 : 2));
    }
  }
}

export async function writeBatchSqlite(file: string, items: Pending[], now: Date): Promise<Committed[]> {
  const { db, st } = connection(file);
  await begin(db);
  try {
    const results = decide(st, items, now);
    db.exec("COMMIT");
    return results;
  } catch (e) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw e;
  }
}

function decide(st: Statements, items: Pending[], now: Date): Committed[] {
  const results: Committed[] = items.map((i) => ({ verdict: i.row.verdict, reason: i.row.reason }));
  const nowIso = iso(now);
  const key = (i: number) => `${items[i]!.row.flowId}\0${items[i]!.dedupe!.key}`;

  // 1. Ids already held: duplicates, before any token is taken.
  items.forEach((item, i) => {
    if (!item.dedupe || results[i]!.verdict !== "accepted") return;
    const held = st.held.get(item.row.flowId, item.dedupe.key, nowIso) as { deliveryId: string } | undefined;
    if (held) results[i] = { verdict: "duplicate", reason: "Already received (same delivery id within the dedupe window)", duplicateOf: held.deliveryId };
  });

  // 2. Token bucket per flow.
  const byFlow = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.rate && results[i]!.verdict === "accepted") byFlow.set(item.row.flowId, [...(byFlow.get(item.row.flowId) ?? []), i]);
  });
  for (const [flowId, indexes] of byFlow) {
    const { perSecond, burst } = items[indexes[0]!]!.rate!;
    const bucket = st.bucket.get(flowId) as { tokens: number; updatedAt: string } | undefined;
    const elapsedS = bucket ? Math.max(0, (now.getTime() - Date.parse(bucket.updatedAt)) / 1000) : 0;
    const available = bucket ? Math.min(burst, bucket.tokens + elapsedS * perSecond) : burst;
    const granted = Math.min(indexes.length, Math.floor(available));
    st.setBucket.run(flowId, available - granted, nowIso);
    const retryAfterS = Math.max(1, Math.ceil((1 - (available - granted)) / perSecond));
    for (const i of indexes.slice(granted)) results[i] = { verdict: "rate_limited", reason: `More than ${perSecond}/s (burst ${burst}) for this flow`, retryAfterS };
  }

  // 3. Claim the ids of what was granted; a second copy in this batch is a duplicate.
  const claimed = new Map<string, string>();
  items.forEach((item, i) => {
    if (!item.dedupe || results[i]!.verdict !== "accepted") return;
    const first = claimed.get(key(i));
    if (first) {
      results[i] = { verdict: "duplicate", reason: "Same delivery id as another request in flight", duplicateOf: first };
      return;
    }
    st.claim.run(item.row.flowId, item.dedupe.key, item.row.id, iso(new Date(now.getTime() + item.dedupe.windowMs)));
    claimed.set(key(i), item.row.id);
  });

  // 4. Every delivery with its verdict, and the runs.
  items.forEach((item, i) => {
    const r = results[i]!;
    const row = item.row;
    st.delivery.run(row.id, row.workspaceId, row.flowId, row.endpointId, row.kind, row.method, row.query, row.headers, Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength),
      row.contentType, row.sourceIp, iso(row.receivedAt), r.verdict, r.reason, row.size, row.identity, row.eventType);
    if (!item.run || (r.verdict !== "accepted" && r.verdict !== "sample")) return;
    r.runId = newId("run");
    st.run.run(r.runId, row.workspaceId, row.flowId, item.run.versionId, item.run.definition, row.id, item.run.held ? "held" : "queued", row.eventType, nowIso);
  });
  return results;
}
