// The group commit's writer on PostgreSQL: connections of its own (node-postgres, no ORM) and two
// prepared statements per batch on one connection, each one round trip in autocommit. First the ids already held
// (duplicates, before any token is taken) and the token bucket per flow (row-locked, so several
// app instances share it; committed without waiting for the disk, so the lock is short). Then ONE
// durable statement (synchronous_commit=on: answered after its WAL is flushed) claims the dedupe
// ids of what was granted (a 429 keeps its id free for the retry; a second copy in the batch, or a
// claim another instance won meanwhile, is a duplicate) and inserts every delivery with its
// verdict and its run request (or run). Per-delivery values travel in array parameters, the bodies as one binary
// parameter sliced by offset. Several batches can be in flight (PostgreSQL then shares one WAL
// flush between their commits). Same decisions as the SQLite writer, in the same order.
import "server-only";
import pg from "pg";
import type { Committed, Pending } from "./batch-types";
import { newId } from "@/lib/ids";
import { budgetWindow, REJECTED_BODY_BYTES } from "./reject-budget";
import { STALE_REASON } from "./stale-guard";

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
    // Named, so pg_stat_activity (and the bench's CPU accounting) tells ingest's connections apart.
    const client = new pg.Client({
      connectionString: url,
      options: "-c synchronous_commit=on",
      application_name: "hookline-ingest",
    });
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
// flow: one UPDATE per flow row, committed without waiting for the disk (set_config(..., true) =
// SET LOCAL for this statement's own transaction), so the row lock is short and app instances
// share the bucket. The UPDATE reads the current row (after waiting for its lock, the latest
// version) and stores how many tokens it granted, which RETURNING hands back: no SELECT ... FOR
// UPDATE before it, which made this statement cost ~2.5 times as much PostgreSQL CPU (a row
// locked and then updated by the same transaction; docs/benchmarks.md, session 10). A flow
// without a bucket row yet comes back without a row: the writer creates it and asks again.
// Parameters: per candidate $1 flow, $2 dedupe key, $3 rate-limited; per flow $4 id, $5 tokens per
// second, $6 burst; $7 now. Rows: one per held id (idx, heldBy), one per flow updated (flowId,
// granted, tokens left).
export const TOKENS_SQL = `
WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS v),
probe AS (
  -- One primary-key probe per id, as a correlated subquery: a join let the planner, with a generic
  -- plan made while the table was small, scan every live key through the expiresAt index per batch.
  SELECT i.idx, i."flowId", i.rated,
         (SELECT k."deliveryId" FROM "DedupeKey" k WHERE k."flowId" = i."flowId" AND k."key" = i.dkey AND k."expiresAt" >= $7::timestamp(3)) AS "heldBy"
  FROM unnest($1::text[], $2::text[], $3::bool[]) WITH ORDINALITY AS i("flowId", dkey, rated, idx) CROSS JOIN async
),
need AS (
  SELECT f."flowId", f.ps, f.burst, (SELECT count(*) FROM probe p WHERE p."flowId" = f."flowId" AND p.rated AND p."heldBy" IS NULL) AS n
  FROM unnest($4::text[], $5::float8[], $6::float8[]) AS f("flowId", ps, burst)
),
bucket AS (
  UPDATE "RateBucket" b SET
    "granted" = LEAST(x.n, floor(LEAST(x.burst, b."tokens" + GREATEST(0, EXTRACT(EPOCH FROM ($7::timestamp(3) - b."updatedAt"))) * x.ps))),
    "tokens" = LEAST(x.burst, b."tokens" + GREATEST(0, EXTRACT(EPOCH FROM ($7::timestamp(3) - b."updatedAt"))) * x.ps)
             - LEAST(x.n, floor(LEAST(x.burst, b."tokens" + GREATEST(0, EXTRACT(EPOCH FROM ($7::timestamp(3) - b."updatedAt"))) * x.ps))),
    "updatedAt" = $7::timestamp(3)
  FROM need x WHERE b."flowId" = x."flowId" AND x.n > 0
  RETURNING b."flowId", b."granted", b."tokens"
)
SELECT idx, "heldBy", NULL AS "flowId", NULL::int AS granted, NULL::float8 AS tokens FROM probe WHERE "heldBy" IS NOT NULL
UNION ALL
SELECT NULL, NULL, "flowId", "granted", "tokens" FROM bucket`;

const NEW_BUCKET_SQL = `INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt") SELECT * FROM unnest($1::text[], $2::float8[], $3::timestamp(3)[]) ON CONFLICT ("flowId") DO NOTHING`;

type TokenRow = {
  idx: string | null;
  heldBy: string | null;
  flowId: string | null;
  granted: number | null;
  tokens: number | null;
};

// 2. The durable part, one statement: claim the ids of what was granted (a claim another
// instance won meanwhile makes a duplicate, stored with only the start of a large body, $27: the
// cut's note), every delivery with its verdict, the run requests (and the held and draft runs).
const STORE_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[],
    $11::text[], $12::text[], $13::timestamp(3)[], $14::text[], $15::text[], $16::int[], $17::text[], $18::text[],
    $19::text[], $20::timestamp(3)[], $21::text[], $22::text[], $23::text[], $24::text[], $27::text[]
  ) WITH ORDINALITY AS t(id, "workspaceId", "flowId", "endpointId", kind, method, query, headers, boff, blen,
                        "contentType", "sourceIp", "receivedAt", verdict, reason, size, identity, "eventType",
                        dkey, dexp, "runId", "runVersion", "runDefinition", "runStatus", cutnote, idx)
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
  SELECT id, "workspaceId", "flowId", "endpointId", kind, method, query, headers,
         substring($25::bytea FROM boff + 1 FOR CASE WHEN lost AND cutnote IS NOT NULL THEN LEAST(blen, ${REJECTED_BODY_BYTES}) ELSE blen END), "contentType",
         "sourceIp", "receivedAt", CASE WHEN lost THEN 'duplicate' ELSE verdict END, CASE WHEN lost THEN '${HELD}' || COALESCE(cutnote, '') ELSE reason END,
         size, identity, "eventType"
  FROM fin
),
rins AS (
  INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt")
  SELECT "runId", "workspaceId", "flowId", "runVersion", "runDefinition", id, "runStatus", "eventType", $26::timestamp(3)
  FROM fin WHERE "runId" IS NOT NULL AND NOT lost
),
qins AS (
  INSERT INTO "RunRequest" ("deliveryId", "workspaceId", "flowId", "flowVersionId", "eventType", "createdAt")
  SELECT id, "workspaceId", "flowId", "runVersion", "eventType", $26::timestamp(3)
  FROM fin WHERE "runStatus" = 'request' AND NOT lost
)
SELECT idx FROM fin WHERE lost`;

// 0. Rejection budgets (reject-budget.ts), only for batches holding a rejection: per scope
// ("address:…", "flow:…") add `n` counted and `d` dropped in one upsert per statement, committed
// without waiting for the disk (a counter lost in a power cut only lets a few more rejections
// be stored). RETURNING gives each scope's total after this batch: its n requests took the
// counts total-n+1 … total in arrival order, whatever other instances added concurrently.
// Parameters: $1 scopes, $2 window start, $3 n, $4 d.
const REJECT_COUNT_SQL = `
WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS v)
INSERT INTO "RejectCounter" ("scope", "windowStart", "count", "dropped")
SELECT t.scope, $2::timestamp(3), t.n, t.d FROM unnest($1::text[], $3::int[], $4::int[]) AS t(scope, n, d) CROSS JOIN async
ON CONFLICT ("scope", "windowStart") DO UPDATE SET "count" = "RejectCounter"."count" + excluded."count", "dropped" = "RejectCounter"."dropped" + excluded."dropped"
RETURNING "scope", "count"`;

// The stale-event guard (stale-guard.ts), only for batches holding a guarded delivery: one row
// per object (the batch's newest version for it), raised only where it is equal to or newer than
// the version held, under the row lock ON CONFLICT takes, so concurrent batches and instances
// agree. RETURNING gives, per object raised, the version it replaced (NULL: the object is new);
// an object not returned holds a newer version than anything in this batch. Durable (the
// connection's synchronous_commit=on): a mark never runs ahead of a lost commit unnoticed, and a
// delivery whose commit failed is retried by its sender with an equal version, which is not stale.
// Parameters: $1 flows, $2 object keys, $3 versions, $4 delivery ids, $5 now.
const STALE_MARK_SQL = `
INSERT INTO "StaleMark" ("flowId", "objectKey", "version", "replaced", "deliveryId", "updatedAt")
SELECT f, k, v, NULL, d, $5::timestamp(3) FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[]) AS t(f, k, v, d)
ON CONFLICT ("flowId", "objectKey") DO UPDATE SET "replaced" = "StaleMark"."version", "version" = excluded."version",
  "deliveryId" = excluded."deliveryId", "updatedAt" = excluded."updatedAt"
WHERE excluded."version" >= "StaleMark"."version"
RETURNING "flowId", "objectKey", "replaced"`;

const iso = (d: Date) => d.toISOString();

export function writeBatchPg(url: string, items: Pending[], now: Date): Promise<Committed[]> {
  return withConnection(url, (client) => writeBatch(client, items, now));
}

async function writeBatch(client: pg.Client, items: Pending[], now: Date): Promise<Committed[]> {
  const results: Committed[] = items.map((i) => ({ verdict: i.row.verdict, reason: i.row.reason }));
  const startsRun = (i: number) => results[i]!.verdict === "accepted" && (items[i]!.dedupe || items[i]!.rate);

  // 0. Rejections against their budgets; those past one are not stored.
  if (items.some((i) => i.budget)) await countRejections(client, items, results, now);

  // 1. Held ids and tokens, for the deliveries that would start a run.
  const candidates = items.flatMap((_, i) => (startsRun(i) ? [i] : []));
  if (candidates.length > 0) await takeTokens(client, items, candidates, results, now);

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

  // 2b. The stale-event guard, for what is still accepted.
  if (items.some((i) => i.stale)) await markVersions(client, items, results, now);

  // 3. The durable statement.
  const stored = items.flatMap((_, i) => (results[i]!.dropped ? [] : [i]));
  const cols: unknown[][] = Array.from({ length: 25 }, () => new Array<unknown>(stored.length));
  const bodies: Buffer[] = [];
  let off = 0;
  stored.forEach((i, k) => {
    const item = items[i]!;
    const r = item.row;
    const res = results[i]!;
    // A duplicate or rate_limited delivery keeps only the start of a large body (`cut`): a view, not a copy.
    const cut = item.cut && (res.verdict === "duplicate" || res.verdict === "rate_limited") ? item.cut : undefined;
    if (cut) res.reason = `${res.reason ?? ""}${cut.note}`;
    const length = cut ? Math.min(cut.bytes, r.body.byteLength) : r.body.byteLength;
    const body = Buffer.isBuffer(r.body) && !cut ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, length);
    bodies.push(body);
    if (item.run && (res.verdict === "accepted" || res.verdict === "sample" || res.flagged)) {
      if (item.run.request) res.requested = true;
      else res.runId = newId("run");
    }
    const v = [
      r.id,
      r.workspaceId,
      r.flowId,
      r.endpointId,
      r.kind,
      r.method,
      r.query,
      r.headers,
      off,
      body.length,
      r.contentType,
      r.sourceIp,
      iso(r.receivedAt),
      res.verdict,
      res.reason,
      r.size,
      r.identity,
      r.eventType,
      claimKey[i],
      item.dedupe && claimKey[i] ? iso(new Date(now.getTime() + item.dedupe.windowMs)) : null,
      res.runId ?? null,
      item.run?.versionId ?? null,
      item.run?.definition ?? null,
      res.requested ? "request" : res.runId ? (item.run!.held ? "held" : "queued") : null,
      item.cut && res.verdict === "accepted" ? item.cut.note : null,
    ];
    off += body.length;
    for (let c = 0; c < v.length; c++) cols[c]![k] = v[c];
  });
  const lost = await (async () => {
    if (stored.length === 0) return [];
    const res = await client.query<{ idx: string }>({
      name: "hookline_ingest_store",
      text: STORE_SQL,
      values: [...cols.slice(0, 24), Buffer.concat(bodies, off), iso(now), cols[24]],
    });
    if (res.rows.length === 0) return [];
    const idx = res.rows.map((r) => stored[Number(r.idx) - 1]!);
    // A claim another instance won meanwhile: name the delivery that holds the id.
    const holders = await client.query<{ flowId: string; key: string; deliveryId: string }>(
      `SELECT "flowId", "key", "deliveryId" FROM "DedupeKey" WHERE ("flowId", "key") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [idx.map((i) => items[i]!.row.flowId), idx.map((i) => claimKey[i])],
    );
    return idx.map((i) => ({
      i,
      holder: holders.rows.find((h) => h.flowId === items[i]!.row.flowId && h.key === claimKey[i])?.deliveryId,
    }));
  })();
  for (const { i, holder } of lost) {
    results[i] = { verdict: "duplicate", reason: HELD, duplicateOf: holder };
    // Later copies in this batch pointed at the copy that lost: point them at the holder.
    for (const r of results)
      if (r.verdict === "duplicate" && r.duplicateOf === items[i]!.row.id) r.duplicateOf = holder;
  }
  return results;
}

/** Marks held ids as duplicates, then grants each flow's tokens in arrival order (the rest: 429). */
async function takeTokens(client: pg.Client, items: Pending[], candidates: number[], results: Committed[], now: Date) {
  const rates = new Map<string, { perSecond: number; burst: number }>();
  for (const i of candidates) {
    const { row, rate } = items[i]!;
    if (rate && !rates.has(row.flowId)) rates.set(row.flowId, rate);
  }
  const flows = [...rates.keys()];
  const take = (flows: string[]) =>
    client.query<TokenRow>({
      name: "hookline_ingest_tokens",
      text: TOKENS_SQL,
      values: [
        candidates.map((i) => items[i]!.row.flowId),
        candidates.map((i) => items[i]!.dedupe?.key ?? null),
        candidates.map((i) => !!items[i]!.rate),
        flows,
        flows.map((f) => rates.get(f)!.perSecond),
        flows.map((f) => rates.get(f)!.burst),
        iso(now),
      ],
    });
  // Held ids by item index; tokens granted and left per flow.
  let held = new Map<number, string>();
  const buckets = new Map<string, TokenRow>();
  const read = (rows: TokenRow[]) => {
    held = new Map(rows.filter((r) => r.idx !== null).map((r) => [candidates[Number(r.idx) - 1]!, r.heldBy!]));
    for (const r of rows) if (r.flowId !== null) buckets.set(r.flowId, r);
  };
  // Flows with a delivery asking for a token whose bucket row does not exist yet.
  const missing = () =>
    flows.filter(
      (f) => !buckets.has(f) && candidates.some((i) => items[i]!.rate && items[i]!.row.flowId === f && !held.has(i)),
    );
  read((await take(flows)).rows);
  const fresh = missing();
  if (fresh.length > 0) {
    // A flow's first deliveries: its bucket starts full. Then only these flows take their tokens.
    await client.query({
      name: "hookline_ingest_new_bucket",
      text: NEW_BUCKET_SQL,
      values: [fresh, fresh.map((f) => rates.get(f)!.burst), fresh.map(() => iso(now))],
    });
    read((await take(fresh)).rows);
    if (missing().length > 0) throw new Error("Rate-limit bucket missing after it was created");
  }
  const grantedSoFar = new Map<string, number>();
  for (const i of candidates) {
    const { row, rate } = items[i]!;
    const heldBy = held.get(i);
    if (heldBy) {
      results[i] = { verdict: "duplicate", reason: HELD, duplicateOf: heldBy };
      continue;
    }
    if (!rate) continue;
    const b = buckets.get(row.flowId)!;
    const k = (grantedSoFar.get(row.flowId) ?? 0) + 1;
    grantedSoFar.set(row.flowId, k);
    if (k > Number(b.granted)) {
      const retryAfterS = Math.max(1, Math.ceil((1 - Number(b.tokens)) / rate.perSecond));
      results[i] = {
        verdict: "rate_limited",
        reason: `More than ${rate.perSecond}/s (burst ${rate.burst}) for this flow`,
        retryAfterS,
      };
    }
  }
}

/** Counts each rejection against its address, then its flow; marks those past a budget dropped. */
async function countRejections(client: pg.Client, items: Pending[], results: Committed[], now: Date) {
  const budgeted = items.flatMap((item, i) => (item.budget ? [i] : []));
  const budget = (i: number) => items[i]!.budget!;
  // One window for the batch: the budgets come from the environment, the same for every item.
  const { start, retryAfterS } = budgetWindow(now.getTime(), budget(budgeted[0]!).windowMs);
  const tally = (scopes: string[]) => {
    const m = new Map<string, number>();
    for (const s of scopes) m.set(s, (m.get(s) ?? 0) + 1);
    return m;
  };
  const count = async (n: Map<string, number>, d = new Map<string, number>()) => {
    const scopes = [...new Set([...n.keys(), ...d.keys()])];
    if (scopes.length === 0) return new Map<string, number>();
    const res = await client.query<{ scope: string; count: number }>({
      name: "hookline_ingest_reject_count",
      text: REJECT_COUNT_SQL,
      values: [scopes, iso(new Date(start)), scopes.map((s) => n.get(s) ?? 0), scopes.map((s) => d.get(s) ?? 0)],
    });
    return new Map(res.rows.map((r) => [r.scope, Number(r.count)]));
  };
  /** The indexes whose place in their scope's count is within `limit`. */
  const within = (
    indexes: number[],
    scopeOf: (i: number) => string,
    n: Map<string, number>,
    totals: Map<string, number>,
    limit: (i: number) => number,
  ) => {
    const seen = new Map<string, number>();
    return new Set(
      indexes.filter((i) => {
        const s = scopeOf(i);
        const k = (seen.get(s) ?? 0) + 1;
        seen.set(s, k);
        return totals.get(s)! - n.get(s)! + k <= limit(i);
      }),
    );
  };
  const withAddress = budgeted.filter((i) => budget(i).address !== null);
  const nAddress = tally(withAddress.map((i) => budget(i).address!));
  const inAddress = within(
    withAddress,
    (i) => budget(i).address!,
    nAddress,
    await count(nAddress),
    (i) => budget(i).perAddress,
  );
  const pastAddress = withAddress.filter((i) => !inAddress.has(i));
  const forFlow = budgeted.filter((i) => budget(i).address === null || inAddress.has(i));
  const nFlow = tally(forFlow.map((i) => budget(i).flow));
  const inFlow = within(
    forFlow,
    (i) => budget(i).flow,
    nFlow,
    await count(nFlow, tally(pastAddress.map((i) => budget(i).flow))),
    (i) => budget(i).perFlow,
  );
  const pastFlow = forFlow.filter((i) => !inFlow.has(i));
  if (pastFlow.length > 0) await count(new Map(), tally(pastFlow.map((i) => budget(i).flow)));
  for (const i of [...pastAddress, ...pastFlow]) results[i] = { ...results[i]!, dropped: true, retryAfterS };
}

/**
 * Judges the guarded deliveries still accepted, in arrival order per object: older than the
 * newest version seen (the one held before this batch, then each earlier one in the batch) is
 * stale_event; equal is not. The same decisions as the SQLite writer's upsert per delivery.
 */
async function markVersions(client: pg.Client, items: Pending[], results: Committed[], now: Date) {
  const byObject = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (!item.stale || results[i]!.verdict !== "accepted") return;
    const k = `${item.row.flowId}\0${item.stale.key}`;
    (byObject.get(k) ?? byObject.set(k, []).get(k)!).push(i);
  });
  if (byObject.size === 0) return;
  const newest = [...byObject.values()].map((list) =>
    list.reduce((best, i) => (items[i]!.stale!.version > items[best]!.stale!.version ? i : best)),
  );
  const res = await client.query<{ flowId: string; objectKey: string; replaced: number | null }>({
    name: "hookline_ingest_stale_mark",
    text: STALE_MARK_SQL,
    values: [
      newest.map((i) => items[i]!.row.flowId),
      newest.map((i) => items[i]!.stale!.key),
      newest.map((i) => items[i]!.stale!.version),
      newest.map((i) => items[i]!.row.id),
      iso(now),
    ],
  });
  const held = new Map(res.rows.map((r) => [`${r.flowId}\0${r.objectKey}`, r.replaced]));
  for (const [k, list] of byObject) {
    // Not raised: a version newer than all of this batch's is held.
    let seen = held.has(k) ? (held.get(k) ?? -Infinity) : Infinity;
    for (const i of list) {
      const { version, flag } = items[i]!.stale!;
      if (version < seen)
        results[i] = { verdict: "stale_event", reason: STALE_REASON, ...(flag ? { flagged: true } : {}) };
      else seen = version;
    }
  }
}
