// The group commit's writer on PostgreSQL: connections of its own (node-postgres, no ORM) and two
// prepared statements per batch on one connection, each one round trip in autocommit. First the ids already held
// (duplicates, before any token is taken) and the token bucket per flow (row-locked, so several
// app instances share it; committed without waiting for the disk, so the lock is short). Then ONE
// durable statement (synchronous_commit=on: answered after its WAL is flushed) claims the dedupe
// ids of what was granted (a 429 keeps its id free for the retry; a second copy in the batch, or a
// claim another instance won meanwhile, is a duplicate) and inserts every delivery with its
// verdict and the runs. Per-delivery values travel in array parameters, the bodies as one binary
// parameter sliced by offset. Several batches can be in flight (PostgreSQL then shares one WAL
// flush between their commits). Same decisions as the SQLite writer, in the same order.
import "server-only";
import pg from "pg";
import type { Committed, Pending } from "./group-commit";
import { newId } from "@/lib/ids";

// Connections: one per batch in flight (group-commit.ts keeps up to PG_IN_FLIGHT), opened with
// synchronous_commit=on (a commit returns after its WAL is flushed: the ack's promise). Several
// batches in flight let PostgreSQL share one WAL flush between their commits, and hide each
// round trip's wait for a CPU on a busy machine.
export const PG_IN_FLIGHT = 4;
type Pool = { conns: Promise<pg.Client>[]; busy: Set<Promise<pg.Client>> };
const g = globalThis as unknown as { __hooklineIngestPg?: Map<string, Pool> };
const pools = (g.__hooklineIngestPg ??= new Map());

function pool(url: string): Pool {
  let p = pools.get(url);
  if (!p) pools.set(url, (p = { conns: [], busy: new Set() }));
  return p;
}

function open(url: string, p: Pool): Promise<pg.Client> {
  const forget = () => (p.conns = p.conns.filter((y) => y !== c));
  const c: Promise<pg.Client> = (async () => {
    const client = new pg.Client({ connectionString: url, options: "-c synchronous_commit=on" });
    client.on("error", forget); // a broken connection is replaced at the next batch
    client.on("end", forget);
    await client.connect();
    return client;
  })();
  c.catch(forget);
  return c;
}

async function withConnection<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const p = pool(url);
  let c = p.conns.find((x) => !p.busy.has(x));
  if (!c) p.conns.push((c = open(url, p)));
  p.busy.add(c);
  try {
    return await fn(await c);
  } finally {
    p.busy.delete(c);
  }
}

export async function closeIngestPg() {
  const all = [...pools.values()].flatMap((p) => p.conns);
  pools.clear();
  await Promise.all(all.map((c) => c.then((x: pg.Client) => x.end()).catch(() => undefined)));
}

const HELD = "Already received (same delivery id within the dedupe window)";
const IN_FLIGHT = "Same delivery id as another request in flight";

// 1. Ids already held (duplicates, before any token is taken), then the token bucket of each
// flow: row-locked, so app instances share it, and committed without waiting for the disk
// (set_config(..., true) = SET LOCAL for this statement's own transaction: the lock is short).
export const TOKENS_SQL = `
WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS v),
input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) WITH ORDINALITY AS t("flowId", dkey, ps, burst, idx)
),
held AS (
  -- One primary-key probe per id, as a correlated subquery: a join let the planner, with a generic
  -- plan made while the table was small, scan every live key through the expiresAt index per batch.
  SELECT idx, "deliveryId" FROM (
    SELECT i.idx, (SELECT k."deliveryId" FROM "DedupeKey" k WHERE k."flowId" = i."flowId" AND k."key" = i.dkey AND k."expiresAt" >= $5::timestamp(3)) AS "deliveryId"
    FROM input i WHERE i.dkey IS NOT NULL
  ) probe WHERE "deliveryId" IS NOT NULL
),
limited AS (
  SELECT i.idx, i."flowId", i.ps, i.burst, row_number() OVER (PARTITION BY i."flowId" ORDER BY i.idx) AS rn
  FROM input i WHERE i.ps IS NOT NULL AND i.idx NOT IN (SELECT idx FROM held)
),
bucket AS (
  SELECT b."flowId", b.tokens, b."updatedAt" FROM "RateBucket" b
  WHERE b."flowId" IN (SELECT "flowId" FROM input WHERE ps IS NOT NULL) FOR UPDATE
),
flows AS (
  SELECT l."flowId", min(l.ps) AS ps, count(*) AS n,
         LEAST(min(l.burst), COALESCE(min(b.tokens) + GREATEST(0, EXTRACT(EPOCH FROM ($5::timestamp(3) - min(b."updatedAt")))) * min(l.ps), min(l.burst))) AS available
  FROM limited l LEFT JOIN bucket b ON b."flowId" = l."flowId" GROUP BY l."flowId"
),
setbucket AS (
  INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt")
  SELECT "flowId", available - LEAST(n, floor(available)), $5::timestamp(3) FROM flows
  ON CONFLICT ("flowId") DO UPDATE SET "tokens" = excluded."tokens", "updatedAt" = excluded."updatedAt"
)
SELECT i.idx, h."deliveryId" AS "heldBy", l.rn > floor(f.available) AS limited,
       GREATEST(1, ceil((1 - (f.available - LEAST(f.n, floor(f.available)))) / f.ps)) AS retry
FROM input i CROSS JOIN async LEFT JOIN held h ON h.idx = i.idx LEFT JOIN limited l ON l.idx = i.idx LEFT JOIN flows f ON f."flowId" = l."flowId"
ORDER BY i.idx`;

// 2. The durable part, one statement: claim the ids of what was granted (a claim another
// instance won meanwhile makes a duplicate), every delivery with its verdict, the runs.
const STORE_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[],
    $11::text[], $12::text[], $13::timestamp(3)[], $14::text[], $15::text[], $16::int[], $17::text[], $18::text[],
    $19::text[], $20::timestamp(3)[], $21::text[], $22::text[], $23::text[], $24::text[]
  ) WITH ORDINALITY AS t(id, "workspaceId", "flowId", "endpointId", kind, method, query, headers, boff, blen,
                        "contentType", "sourceIp", "receivedAt", verdict, reason, size, identity, "eventType",
                        dkey, dexp, "runId", "runVersion", "runDefinition", "runStatus", idx)
),
claim AS (
  INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt")
  SELECT "flowId", dkey, id, dexp FROM input WHERE dkey IS NOT NULL
  ON CONFLICT ("flowId", "key") DO UPDATE SET "deliveryId" = excluded."deliveryId", "expiresAt" = excluded."expiresAt"
  WHERE "DedupeKey"."expiresAt" < $26::timestamp(3)
  RETURNING "deliveryId"
),
fin AS (
  SELECT input.*, (input.dkey IS NOT NULL AND c."deliveryId" IS NULL) AS lost
  FROM input LEFT JOIN claim c ON c."deliveryId" = input.id
),
dins AS (
  INSERT INTO "Delivery" ("id", "workspaceId", "flowId", "endpointId", "kind", "method", "query", "headers", "body", "contentType",
                          "sourceIp", "receivedAt", "verdict", "reason", "size", "identity", "eventType")
  SELECT id, "workspaceId", "flowId", "endpointId", kind, method, query, headers, substring($25::bytea FROM boff + 1 FOR blen), "contentType",
         "sourceIp", "receivedAt", CASE WHEN lost THEN 'duplicate' ELSE verdict END, CASE WHEN lost THEN '${HELD}' ELSE reason END,
         size, identity, "eventType"
  FROM fin
),
rins AS (
  INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt")
  SELECT "runId", "workspaceId", "flowId", "runVersion", "runDefinition", id, "runStatus", "eventType", $26::timestamp(3)
  FROM fin WHERE "runId" IS NOT NULL AND NOT lost
)
SELECT idx FROM fin WHERE lost`;

const iso = (d: Date) => d.toISOString();

export function writeBatchPg(url: string, items: Pending[], now: Date): Promise<Committed[]> {
  return withConnection(url, (client) => writeBatch(client, items, now));
}

async function writeBatch(client: pg.Client, items: Pending[], now: Date): Promise<Committed[]> {
  const results: Committed[] = items.map((i) => ({ verdict: i.row.verdict, reason: i.row.reason }));
  const startsRun = (i: number) => results[i]!.verdict === "accepted" && (items[i]!.dedupe || items[i]!.rate);

  // 1. Held ids and tokens, for the deliveries that would start a run.
  const candidates = items.flatMap((_, i) => (startsRun(i) ? [i] : []));
  if (candidates.length > 0) {
    const res = await client.query<{ heldBy: string | null; limited: boolean | null; retry: number | null }>({
      name: "hookline_ingest_tokens",
      text: TOKENS_SQL,
      values: [
        candidates.map((i) => items[i]!.row.flowId),
        candidates.map((i) => items[i]!.dedupe?.key ?? null),
        candidates.map((i) => items[i]!.rate?.perSecond ?? null),
        candidates.map((i) => items[i]!.rate?.burst ?? null),
        iso(now),
      ],
    });
    res.rows.forEach((row, j) => {
      const i = candidates[j]!;
      const rl = items[i]!.rate;
      if (row.heldBy) results[i] = { verdict: "duplicate", reason: HELD, duplicateOf: row.heldBy };
      else if (row.limited && rl) results[i] = { verdict: "rate_limited", reason: `More than ${rl.perSecond}/s (burst ${rl.burst}) for this flow`, retryAfterS: Number(row.retry ?? 1) };
    });
  }

  // 2. A second copy of an id in this batch is a duplicate of the first.
  const claims = new Map<string, string>();
  const claimKey: (string | null)[] = items.map((item, i) => {
    if (!item.dedupe || results[i]!.verdict !== "accepted") return null;
    const k = `${item.row.flowId}\0${item.dedupe.key}`;
    const first = claims.get(k);
    if (first) {
      results[i] = { verdict: "duplicate", reason: IN_FLIGHT, duplicateOf: first };
      return null;
    }
    claims.set(k, item.row.id);
    return item.dedupe.key;
  });

  // 3. The durable statement.
  const cols: unknown[][] = Array.from({ length: 24 }, () => new Array<unknown>(items.length));
  const bodies: Buffer[] = [];
  let off = 0;
  items.forEach((item, i) => {
    const r = item.row;
    const res = results[i]!;
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
    bodies.push(body);
    if (item.run && (res.verdict === "accepted" || res.verdict === "sample")) res.runId = newId("run");
    const v = [
      r.id, r.workspaceId, r.flowId, r.endpointId, r.kind, r.method, r.query, r.headers, off, body.length,
      r.contentType, r.sourceIp, iso(r.receivedAt), res.verdict, res.reason, r.size, r.identity, r.eventType,
      claimKey[i], item.dedupe && claimKey[i] ? iso(new Date(now.getTime() + item.dedupe.windowMs)) : null,
      res.runId ?? null, item.run?.versionId ?? null, item.run?.definition ?? null, item.run ? (item.run.held ? "held" : "queued") : null,
    ];
    off += body.length;
    for (let c = 0; c < v.length; c++) cols[c]![i] = v[c];
  });
  const lost = await (async () => {
    const res = await client.query<{ idx: string }>({ name: "hookline_ingest_store", text: STORE_SQL, values: [...cols, Buffer.concat(bodies, off), iso(now)] });
    if (res.rows.length === 0) return [];
    const idx = res.rows.map((r) => Number(r.idx) - 1);
    // A claim another instance won meanwhile: name the delivery that holds the id.
    const holders = await client.query<{ flowId: string; key: string; deliveryId: string }>(
      `SELECT "flowId", "key", "deliveryId" FROM "DedupeKey" WHERE ("flowId", "key") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [idx.map((i) => items[i]!.row.flowId), idx.map((i) => claimKey[i])],
    );
    return idx.map((i) => ({ i, holder: holders.rows.find((h) => h.flowId === items[i]!.row.flowId && h.key === claimKey[i])?.deliveryId }));
  })();
  for (const { i, holder } of lost) {
    results[i] = { verdict: "duplicate", reason: HELD, duplicateOf: holder };
    // Later copies in this batch pointed at the copy that lost: point them at the holder.
    for (const r of results) if (r.verdict === "duplicate" && r.duplicateOf === items[i]!.row.id) r.duplicateOf = holder;
  }
  return results;
}
