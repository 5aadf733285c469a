// Group commit for the ingest path: deliveries that arrive in the same event-loop turn are written
// in ONE transaction (one fsync) and answered together after it commits. Durability is not
// weakened: nothing is acknowledged before its commit. Each batch, in order: find duplicates
// (keys already held), take rate-limit tokens per flow for the rest (a duplicate costs no token),
// claim the dedupe keys of what was granted (a 429 keeps its key free for the retry; a concurrent
// duplicate loses the claim), insert every delivery with its final verdict, insert the queued runs. Raw multi-row SQL, because the
// ORM's per-row cost dominates this one path; everything else uses Prisma's model API.
import "server-only";
import { durably, getDb, sqliteFile, usingPostgres, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { writeBatchSqlite } from "./sqlite-batch";
import { newId } from "@/lib/ids";
import type { Verdict } from "./inspect";

export type DeliveryRow = {
  id: string; workspaceId: string; flowId: string; endpointId: string; kind: string; method: string; query: string;
  headers: string; body: Uint8Array; contentType: string | null; sourceIp: string | null; receivedAt: Date;
  verdict: Verdict; reason: string | null; size: number; identity: string | null; eventType: string | null;
};

export type Pending = {
  row: DeliveryRow;
  /** Only for deliveries that would start a run. */
  dedupe?: { key: string; windowMs: number };
  rate?: { perSecond: number; burst: number };
  /** The run to queue if the delivery is accepted (or is a test sample that runs the draft). */
  run?: { versionId: string | null; definition: string | null; held: boolean };
};

export type Committed = { verdict: Verdict; reason: string | null; duplicateOf?: string; retryAfterS?: number; runId?: string };

const MAX_BATCH = 512;
type Waiter = { item: Pending; resolve: (c: Committed) => void; reject: (e: unknown) => void };
type State = { queue: Waiter[]; flushing: boolean; scheduled: boolean; batches: number; rows: number };
const g = globalThis as unknown as { __hooklineGroupCommit?: State };
const state = (g.__hooklineGroupCommit ??= { queue: [], flushing: false, scheduled: false, batches: 0, rows: 0 });

/** Stores a delivery (and its run); resolves after the transaction that holds it has committed. */
export function commitDelivery(item: Pending): Promise<Committed> {
  return new Promise((resolve, reject) => {
    state.queue.push({ item, resolve, reject });
    schedule();
  });
}

export const groupCommitStats = () => ({ batches: state.batches, rows: state.rows });

function schedule() {
  if (state.scheduled || state.flushing) return;
  state.scheduled = true;
  // setImmediate: everything already read off the sockets in this turn joins the batch.
  setImmediate(() => {
    state.scheduled = false;
    void flush();
  });
}

async function flush() {
  state.flushing = true;
  try {
    while (state.queue.length > 0) {
      const batch = state.queue.splice(0, MAX_BATCH);
      try {
        const results = await writeBatch(batch.map((w) => w.item));
        state.batches++;
        state.rows += batch.length;
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (e) {
        batch.forEach((w) => w.reject(e));
      }
    }
  } finally {
    state.flushing = false;
  }
}

async function writeBatch(items: Pending[]): Promise<Committed[]> {
  const now = new Date();
  if (!usingPostgres()) return writeBatchSqlite(sqliteFile(env().DATABASE_URL), items, now);
  const db = await getDb();
  const results: Committed[] = items.map((i) => ({ verdict: i.row.verdict, reason: i.row.reason }));
  // durably(): fsynced before commit (see lib/db.ts); nothing is answered before that.
  await durably(() => db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL synchronous_commit = on");
    await markHeldKeys(tx, items, results, now);
    await takeRateTokens(tx, items, results, now);
    await claimDedupeKeys(tx, items, results, now);
    for (let i = 0; i < items.length; i++) {
      items[i]!.row.verdict = results[i]!.verdict;
      items[i]!.row.reason = results[i]!.reason;
    }
    await insertRows(tx, "Delivery", DELIVERY_COLUMNS, items.map((i) => DELIVERY_COLUMNS.map((c) => i.row[c])));
    const runs: unknown[][] = [];
    items.forEach((item, i) => {
      const verdict = results[i]!.verdict;
      if (!item.run || (verdict !== "accepted" && verdict !== "sample")) return;
      const id = newId("run");
      results[i]!.runId = id;
      runs.push([id, item.row.workspaceId, item.row.flowId, item.run.versionId, item.run.definition, item.row.id, item.run.held ? "held" : "queued", item.row.eventType, now]);
    });
    await insertRows(tx, "Run", RUN_COLUMNS, runs);
  }));
  return results;
}

const DELIVERY_COLUMNS = ["id", "workspaceId", "flowId", "endpointId", "kind", "method", "query", "headers", "body", "contentType", "sourceIp", "receivedAt", "verdict", "reason", "size", "identity", "eventType"] as const;
const RUN_COLUMNS = ["id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt"] as const;

/** `($1, $2), ($3, $4)`: numbered placeholders for `rows` rows of `cols` values. */
function values(rows: number, cols: number): string {
  let n = 0;
  const row = () => `(${Array.from({ length: cols }, () => `$${++n}`).join(", ")})`;
  return Array.from({ length: rows }, row).join(", ");
}

async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values(rows.length, columns.length)}`;
  await tx.$executeRawUnsafe(sql, ...rows.flat());
}

/** Token bucket per flow, refilled by elapsed time; deliveries past the tokens get 429. */
async function takeRateTokens(tx: Tx, items: Pending[], results: Committed[], now: Date) {
  const byFlow = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.rate && results[i]!.verdict === "accepted") byFlow.set(item.row.flowId, [...(byFlow.get(item.row.flowId) ?? []), i]);
  });
  for (const [flowId, indexes] of byFlow) {
    const { perSecond, burst } = items[indexes[0]!]!.rate!;
    await tx.$executeRawUnsafe(`INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt") VALUES ($1, $2, $3) ON CONFLICT ("flowId") DO NOTHING`, flowId, burst, now);
    const rows = await tx.$queryRawUnsafe<{ tokens: number; updatedAt: Date | string }[]>(
      `SELECT "tokens", "updatedAt" FROM "RateBucket" WHERE "flowId" = $1 FOR UPDATE`,
      flowId,
    );
    const bucket = rows[0]!;
    const elapsedS = Math.max(0, (now.getTime() - new Date(bucket.updatedAt).getTime()) / 1000);
    const available = Math.min(burst, Number(bucket.tokens) + elapsedS * perSecond);
    const granted = Math.min(indexes.length, Math.floor(available));
    await tx.$executeRawUnsafe(`UPDATE "RateBucket" SET "tokens" = $1, "updatedAt" = $2 WHERE "flowId" = $3`, available - granted, now, flowId);
    const retryAfterS = Math.max(1, Math.ceil((1 - (available - granted)) / perSecond));
    for (const i of indexes.slice(granted)) {
      results[i] = { verdict: "rate_limited", reason: `More than ${perSecond}/s (burst ${burst}) for this flow`, retryAfterS };
    }
  }
}

/** Marks deliveries whose id is already held (not expired) as duplicates, before any token is taken. */
async function markHeldKeys(tx: Tx, items: Pending[], results: Committed[], now: Date) {
  const keyed = items.map((item, i) => ({ item, i })).filter(({ item, i }) => item.dedupe && results[i]!.verdict === "accepted");
  if (keyed.length === 0) return;
  let n = 0;
  const p = () => `$${++n}`;
  const notExpired = p(); // placeholders are numbered in the order of the arguments below
  const where = keyed.map(() => `("flowId" = ${p()} AND "key" = ${p()})`).join(" OR ");
  const held = await tx.$queryRawUnsafe<{ flowId: string; key: string; deliveryId: string }[]>(
    `SELECT "flowId", "key", "deliveryId" FROM "DedupeKey" WHERE "expiresAt" >= ${notExpired} AND (${where})`,
    now,
    ...keyed.flatMap(({ item }) => [item.row.flowId, item.dedupe!.key]),
  );
  const holderOf = new Map(held.map((h) => [`${h.flowId}\0${h.key}`, h.deliveryId]));
  for (const { item, i } of keyed) {
    const holder = holderOf.get(`${item.row.flowId}\0${item.dedupe!.key}`);
    if (holder) results[i] = { verdict: "duplicate", reason: "Already received (same delivery id within the dedupe window)", duplicateOf: holder };
  }
}

/** Claims each accepted delivery's id for its flow; a key already held and not expired is a duplicate. */
async function claimDedupeKeys(tx: Tx, items: Pending[], results: Committed[], now: Date) {
  const claims = new Map<string, number>(); // "flow\0key" -> first index in this batch
  items.forEach((item, i) => {
    if (!item.dedupe || results[i]!.verdict !== "accepted") return;
    const k = `${item.row.flowId}\0${item.dedupe.key}`;
    const first = claims.get(k);
    if (first === undefined) claims.set(k, i);
    else results[i] = { verdict: "duplicate", reason: "Same delivery id as another request in flight", duplicateOf: items[first]!.row.id };
  });
  if (claims.size === 0) return;
  const firsts = [...claims.values()];
  const params = firsts.flatMap((i) => {
    const it = items[i]!;
    return [it.row.flowId, it.dedupe!.key, it.row.id, new Date(now.getTime() + it.dedupe!.windowMs)];
  });
  const nowParam = `$${params.length + 1}`;
  const claimed = await tx.$queryRawUnsafe<{ flowId: string; key: string }[]>(
    `INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt") VALUES ${values(firsts.length, 4)}
     ON CONFLICT ("flowId", "key") DO UPDATE SET "deliveryId" = excluded."deliveryId", "expiresAt" = excluded."expiresAt"
     WHERE "DedupeKey"."expiresAt" < ${nowParam} RETURNING "flowId", "key"`,
    ...params,
    now,
  );
  const won = new Set(claimed.map((r) => `${r.flowId}\0${r.key}`));
  const lost = [...claims].filter(([k]) => !won.has(k));
  if (lost.length === 0) return;
  // Name the delivery that holds each key, so the answer can point at it.
  const holders = await tx.$queryRawUnsafe<{ flowId: string; key: string; deliveryId: string }[]>(
    `SELECT "flowId", "key", "deliveryId" FROM "DedupeKey" WHERE ${lost.map((_, j) => `("flowId" = $${2 * j + 1} AND "key" = $${2 * j + 2})`).join(" OR ")}`,
    ...lost.flatMap(([k]) => k.split("\0")),
  );
  const holderOf = new Map(holders.map((h) => [`${h.flowId}\0${h.key}`, h.deliveryId]));
  for (const [k, i] of lost) {
    results[i] = { verdict: "duplicate", reason: "Already received (same delivery id within the dedupe window)", duplicateOf: holderOf.get(k) };
  }
  // Later copies in this batch of a key that was already held point at the holder too.
  items.forEach((item, i) => {
    if (results[i]!.verdict === "duplicate" && item.dedupe) {
      const holder = holderOf.get(`${item.row.flowId}\0${item.dedupe.key}`);
      if (holder) results[i]!.duplicateOf = holder;
    }
  });
}
