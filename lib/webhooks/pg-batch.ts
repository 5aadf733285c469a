// The group commit's writer on PostgreSQL: its own connection (node-postgres, no ORM) and ONE
// statement per batch, in autocommit with synchronous_commit=on, so a batch costs one round trip
// and one fsynced commit before anything is answered. The statement is prepared once per
// connection; every per-delivery value travels in an array parameter, the bodies as one binary
// parameter sliced by offset. Same decisions as the SQLite writer (sqlite-batch.ts), in the same
// order: ids already held are duplicates (before any token is taken), then the token bucket per
// flow (row-locked, so several app instances share it), then the dedupe claims of what was
// granted (a 429 keeps its id free for the retry; a second copy in the batch, or a claim another
// instance won meanwhile, is a duplicate), then every delivery with its verdict and the runs.
import "server-only";
import pg from "pg";
import type { Committed, Pending } from "./group-commit";
import { newId } from "@/lib/ids";
import type { Verdict } from "./inspect";

const g = globalThis as unknown as { __hooklineIngestPg?: Map<string, Promise<pg.Client>> };
const conns = (g.__hooklineIngestPg ??= new Map());

function connection(url: string): Promise<pg.Client> {
  let c = conns.get(url);
  if (!c) {
    c = (async () => {
      // synchronous_commit=on: the commit returns after its WAL is flushed (the ack's promise).
      const client = new pg.Client({ connectionString: url, options: "-c synchronous_commit=on" });
      const drop = () => conns.get(url) === c && conns.delete(url);
      client.on("error", drop); // a broken connection is replaced at the next batch
      client.on("end", drop);
      await client.connect();
      return client;
    })();
    c.catch(() => conns.delete(url));
    conns.set(url, c);
  }
  return c;
}

export async function closeIngestPg() {
  const all = [...conns.values()];
  conns.clear();
  await Promise.all(all.map((c) => c.then((x: pg.Client) => x.end()).catch(() => undefined)));
}

const HELD = "Already received (same delivery id within the dedupe window)";
const IN_FLIGHT = "Same delivery id as another request in flight";

const BATCH_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[],
    $11::text[], $12::text[], $13::timestamp(3)[], $14::text[], $15::text[], $16::int[], $17::text[], $18::text[],
    $19::text[], $20::timestamp(3)[], $21::float8[], $22::float8[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[]
  ) WITH ORDINALITY AS t(id, "workspaceId", "flowId", "endpointId", kind, method, query, headers, boff, blen,
                        "contentType", "sourceIp", "receivedAt", verdict, reason, size, identity, "eventType",
                        dkey, dexp, ps, burst, "rlReason", "runId", "runVersion", "runDefinition", "runStatus", idx)
),
held AS (
  SELECT i.idx, d."deliveryId" FROM input i
  JOIN "DedupeKey" d ON d."flowId" = i."flowId" AND d."key" = i.dkey AND d."expiresAt" >= $29::timestamp(3)
  WHERE i.verdict = 'accepted' AND i.dkey IS NOT NULL
),
s1 AS (
  SELECT i.*, CASE WHEN h.idx IS NOT NULL THEN 'duplicate' ELSE i.verdict END AS v1, h."deliveryId" AS "heldBy"
  FROM input i LEFT JOIN held h ON h.idx = i.idx
),
limited AS (
  SELECT idx, "flowId", ps, burst, row_number() OVER (PARTITION BY "flowId" ORDER BY idx) AS rn
  FROM s1 WHERE v1 = 'accepted' AND ps IS NOT NULL
),
bucket AS (
  SELECT b."flowId", b.tokens, b."updatedAt" FROM "RateBucket" b
  WHERE b."flowId" IN (SELECT "flowId" FROM input WHERE ps IS NOT NULL) FOR UPDATE
),
flows AS (
  SELECT l."flowId", min(l.ps) AS ps, count(*) AS n,
         LEAST(min(l.burst), COALESCE(min(b.tokens) + GREATEST(0, EXTRACT(EPOCH FROM ($29::timestamp(3) - min(b."updatedAt")))) * min(l.ps), min(l.burst))) AS available
  FROM limited l LEFT JOIN bucket b ON b."flowId" = l."flowId" GROUP BY l."flowId"
),
setbucket AS (
  INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt")
  SELECT "flowId", available - LEAST(n, floor(available)), $29::timestamp(3) FROM flows
  ON CONFLICT ("flowId") DO UPDATE SET "tokens" = excluded."tokens", "updatedAt" = excluded."updatedAt"
),
s2 AS (
  SELECT s1.*, CASE WHEN l.rn > floor(f.available) THEN 'rate_limited' ELSE s1.v1 END AS v2,
         GREATEST(1, ceil((1 - (f.available - LEAST(f.n, floor(f.available)))) / f.ps)) AS retry
  FROM s1 LEFT JOIN limited l ON l.idx = s1.idx LEFT JOIN flows f ON f."flowId" = l."flowId"
),
firsts AS (
  SELECT idx, first_value(id) OVER w AS "firstId", row_number() OVER w AS rn
  FROM s2 WHERE v2 = 'accepted' AND dkey IS NOT NULL
  WINDOW w AS (PARTITION BY "flowId", dkey ORDER BY idx)
),
claim AS (
  INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt")
  SELECT s2."flowId", s2.dkey, s2.id, s2.dexp FROM s2 JOIN firsts f ON f.idx = s2.idx WHERE f.rn = 1
  ON CONFLICT ("flowId", "key") DO UPDATE SET "deliveryId" = excluded."deliveryId", "expiresAt" = excluded."expiresAt"
  WHERE "DedupeKey"."expiresAt" < $29::timestamp(3)
  RETURNING "deliveryId"
),
fin AS (
  SELECT s2.*,
    CASE WHEN f.rn > 1 OR (f.rn = 1 AND c."deliveryId" IS NULL) THEN 'duplicate' ELSE s2.v2 END AS fv,
    CASE WHEN f.rn > 1 THEN f."firstId" ELSE s2."heldBy" END AS "dupOf",
    COALESCE(f.rn = 1 AND c."deliveryId" IS NULL, false) AS lost,
    CASE WHEN f.rn > 1 THEN '${IN_FLIGHT}'
         WHEN (f.rn = 1 AND c."deliveryId" IS NULL) OR (s2.v1 = 'duplicate' AND s2.verdict = 'accepted') THEN '${HELD}'
         WHEN s2.v2 = 'rate_limited' THEN s2."rlReason"
         ELSE s2.reason END AS "finalReason"
  FROM s2 LEFT JOIN firsts f ON f.idx = s2.idx LEFT JOIN claim c ON c."deliveryId" = s2.id
),
dins AS (
  INSERT INTO "Delivery" ("id", "workspaceId", "flowId", "endpointId", "kind", "method", "query", "headers", "body", "contentType",
                          "sourceIp", "receivedAt", "verdict", "reason", "size", "identity", "eventType")
  SELECT id, "workspaceId", "flowId", "endpointId", kind, method, query, headers, substring($28::bytea FROM boff + 1 FOR blen), "contentType",
         "sourceIp", "receivedAt", fv, "finalReason", size, identity, "eventType"
  FROM fin
),
rins AS (
  INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt")
  SELECT "runId", "workspaceId", "flowId", "runVersion", "runDefinition", id, "runStatus", "eventType", $29::timestamp(3)
  FROM fin WHERE "runId" IS NOT NULL AND fv IN ('accepted', 'sample')
)
SELECT idx, fv, "finalReason" AS reason, "dupOf", lost, retry FROM fin ORDER BY idx`;

type Row = { idx: string; fv: Verdict; reason: string | null; dupOf: string | null; lost: boolean; retry: string | null };

const iso = (d: Date) => d.toISOString();

export async function writeBatchPg(url: string, items: Pending[], now: Date): Promise<Committed[]> {
  const client = await connection(url);
  const cols: unknown[][] = Array.from({ length: 27 }, () => new Array<unknown>(items.length));
  const bodies: Buffer[] = [];
  let off = 0;
  const runIds: (string | null)[] = [];
  items.forEach((item, i) => {
    const r = item.row;
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
    bodies.push(body);
    const runId = item.run ? newId("run") : null;
    runIds.push(runId);
    const v = [
      r.id, r.workspaceId, r.flowId, r.endpointId, r.kind, r.method, r.query, r.headers, off, body.length,
      r.contentType, r.sourceIp, iso(r.receivedAt), r.verdict, r.reason, r.size, r.identity, r.eventType,
      item.dedupe?.key ?? null, item.dedupe ? iso(new Date(now.getTime() + item.dedupe.windowMs)) : null,
      item.rate?.perSecond ?? null, item.rate?.burst ?? null,
      item.rate ? `More than ${item.rate.perSecond}/s (burst ${item.rate.burst}) for this flow` : null,
      runId, item.run?.versionId ?? null, item.run?.definition ?? null, item.run ? (item.run.held ? "held" : "queued") : null,
    ];
    off += body.length;
    for (let c = 0; c < v.length; c++) cols[c]![i] = v[c];
  });
  const res = await client.query<Row>({ name: "hookline_ingest_batch", text: BATCH_SQL, values: [...cols, Buffer.concat(bodies, off), iso(now)] });
  const results: Committed[] = res.rows.map((row, i) => {
    const c: Committed = { verdict: row.fv, reason: row.reason };
    if (row.fv === "duplicate") c.duplicateOf = row.dupOf ?? undefined;
    if (row.fv === "rate_limited") c.retryAfterS = Number(row.retry ?? 1);
    if ((row.fv === "accepted" || row.fv === "sample") && runIds[i]) c.runId = runIds[i]!;
    return c;
  });
  // A claim another instance won between this statement's snapshot and its insert: name the
  // delivery that holds the id (read after the commit; the answer only points at it).
  const lost = res.rows.flatMap((row, i) => (row.lost ? [i] : []));
  if (lost.length > 0) {
    const holders = await client.query<{ flowId: string; key: string; deliveryId: string }>(
      `SELECT "flowId", "key", "deliveryId" FROM "DedupeKey" WHERE ("flowId", "key") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [lost.map((i) => items[i]!.row.flowId), lost.map((i) => items[i]!.dedupe!.key)],
    );
    const holderOf = new Map(holders.rows.map((h) => [`${h.flowId}\0${h.key}`, h.deliveryId]));
    for (const i of lost) results[i]!.duplicateOf = holderOf.get(`${items[i]!.row.flowId}\0${items[i]!.dedupe!.key}`);
  }
  return results;
}
