// The group commit's SQLite writer, in a worker thread (started by sqlite-batch.ts): its own
// connection (the `libsql` driver's synchronous API) and prepared statements, so a batch is BEGIN
// IMMEDIATE … COMMIT in one synchronous stretch, and the COMMIT's fsync (synchronous=FULL) blocks
// this thread, never the web server's event loop, which meanwhile reads, verifies and queues the
// next batch. Batches that queued in its port during a commit all join the next transaction.
// Plain JavaScript, loaded from disk by path, so neither bundler has to know about it.
//
// message in:  { seq, now, items: [{ row, dedupe?, rate?, budget?, cut?, stale?, run?, runId? }] }  (times as epoch ms; runId: for a run stored as such)
// message out: { seq, results: Committed[] } | { seq, error }
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import Database from "libsql";

// A lock held by another connection (Prisma's in the web process, the engine process) is waited
// for here, in this thread, polling every quarter millisecond (whenFree): SQLite's own busy
// handler backs off to 25-100 ms sleeps, which would add that much to the answers.
const db = new Database(workerData.file, { timeout: 0 });
const pause = new Int32Array(new SharedArrayBuffer(4));

function whenFree(sql) {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      db.exec(sql);
      return;
    } catch (e) {
      if (!/SQLITE_BUSY|database is locked/i.test(String(e?.message)) || Date.now() > until) throw e;
      Atomics.wait(pause, 0, 0, 0.25);
    }
  }
}

whenFree("PRAGMA journal_mode = WAL");
whenFree("PRAGMA synchronous = FULL");
whenFree("PRAGMA foreign_keys = ON");
// The checkpointer thread that runs beside the background checkpoints the WAL (lib/wal-checkpointer.ts).
whenFree("PRAGMA wal_autocheckpoint = 0");

const q = (sql) => db.prepare(sql);
const st = {
  held: q(`SELECT "deliveryId" FROM "DedupeKey" WHERE "flowId" = ? AND "key" = ? AND "expiresAt" >= ?`),
  claim: q(`INSERT INTO "DedupeKey" ("flowId", "key", "deliveryId", "expiresAt") VALUES (?, ?, ?, ?)
            ON CONFLICT ("flowId", "key") DO UPDATE SET "deliveryId" = excluded."deliveryId", "expiresAt" = excluded."expiresAt"`),
  bucket: q(`SELECT "tokens", "updatedAt" FROM "RateBucket" WHERE "flowId" = ?`),
  setBucket: q(`INSERT INTO "RateBucket" ("flowId", "tokens", "updatedAt") VALUES (?, ?, ?)
                ON CONFLICT ("flowId") DO UPDATE SET "tokens" = excluded."tokens", "updatedAt" = excluded."updatedAt"`),
  delivery:
    q(`INSERT INTO "Delivery" ("id", "workspaceId", "flowId", "endpointId", "kind", "method", "query", "headers", "body", "contentType",
               "sourceIp", "receivedAt", "verdict", "reason", "size", "identity", "eventType") VALUES (${Array(17).fill("?").join(", ")})`),
  run: q(`INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "definition", "deliveryId", "status", "eventType", "createdAt")
          VALUES (${Array(9).fill("?").join(", ")})`),
  request: q(
    `INSERT INTO "RunRequest" ("deliveryId", "workspaceId", "flowId", "flowVersionId", "eventType", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  // The stale-event guard: the newest version per object, raised only by an equal or newer one;
  // no row back = a newer version is held (lib/webhooks/stale-guard.ts).
  mark: q(`INSERT INTO "StaleMark" ("flowId", "objectKey", "version", "replaced", "deliveryId", "updatedAt") VALUES (?, ?, ?, NULL, ?, ?)
           ON CONFLICT ("flowId", "objectKey") DO UPDATE SET "replaced" = "StaleMark"."version", "version" = excluded."version",
             "deliveryId" = excluded."deliveryId", "updatedAt" = excluded."updatedAt"
           WHERE excluded."version" >= "StaleMark"."version" RETURNING "version"`),
  // Rejection budgets (lib/webhooks/reject-budget.ts): count one, or note one dropped.
  countReject: q(`INSERT INTO "RejectCounter" ("scope", "windowStart", "count", "dropped") VALUES (?, ?, 1, 0)
                  ON CONFLICT ("scope", "windowStart") DO UPDATE SET "count" = "count" + 1 RETURNING "count"`),
  dropReject: q(`INSERT INTO "RejectCounter" ("scope", "windowStart", "count", "dropped") VALUES (?, ?, 0, 1)
                 ON CONFLICT ("scope", "windowStart") DO UPDATE SET "dropped" = "dropped" + 1`),
};

// The same words as lib/webhooks/stale-guard.ts (this file is plain JavaScript loaded by path).
const STALE_REASON = "Older than the newest event already accepted for this object";

/** Prisma stores SQLite DateTime as ISO text; raw rows must match. `t`: epoch ms or a Date. */
const iso = (t) => new Date(t).toISOString();

parentPort.on("message", (first) => {
  // Every batch already queued behind this one joins its transaction: one commit, one fsync.
  const msgs = [first];
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) msgs.push(m.message);
  const items = msgs.length === 1 ? first.items : msgs.flatMap((m) => m.items);
  try {
    whenFree("BEGIN IMMEDIATE");
    const results = decide(items, Math.max(...msgs.map((m) => m.now)));
    db.exec("COMMIT");
    let at = 0;
    for (const m of msgs) {
      parentPort.postMessage({ seq: m.seq, results: results.slice(at, at + m.items.length) });
      at += m.items.length;
    }
  } catch (e) {
    try {
      if (db.inTransaction) db.exec("ROLLBACK");
    } catch {
      // the connection is gone; the error below says why
    }
    for (const m of msgs) parentPort.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) });
  }
});

// Same decisions as the PostgreSQL writer (pg-batch.ts), in the same order.
function decide(items, now) {
  const results = items.map((i) => ({ verdict: i.row.verdict, reason: i.row.reason }));
  const nowIso = iso(now);
  const key = (i) => `${items[i].row.flowId}\0${items[i].dedupe.key}`;

  // 0. Rejections against their budgets: the address first, then the flow; past either, the
  // delivery is not stored, only counted as dropped on its flow.
  items.forEach((item, i) => {
    const b = item.budget;
    if (!b) return;
    const start = Math.floor(now / b.windowMs) * b.windowMs;
    const windowIso = iso(start);
    const overAddress = b.address !== null && st.countReject.get(b.address, windowIso).count > b.perAddress;
    if (overAddress || st.countReject.get(b.flow, windowIso).count > b.perFlow) {
      st.dropReject.run(b.flow, windowIso);
      results[i] = {
        ...results[i],
        dropped: true,
        retryAfterS: Math.max(1, Math.ceil((start + b.windowMs - now) / 1000)),
      };
    }
  });

  // 1. Ids already held: duplicates, before any token is taken.
  items.forEach((item, i) => {
    if (!item.dedupe || results[i].verdict !== "accepted") return;
    const held = st.held.get(item.row.flowId, item.dedupe.key, nowIso);
    if (held)
      results[i] = {
        verdict: "duplicate",
        reason: "Already received (same delivery id within the dedupe window)",
        duplicateOf: held.deliveryId,
      };
  });

  // 2. Token bucket per flow.
  const byFlow = new Map();
  items.forEach((item, i) => {
    if (!item.rate || results[i].verdict !== "accepted") return;
    const list = byFlow.get(item.row.flowId);
    if (list) list.push(i);
    else byFlow.set(item.row.flowId, [i]);
  });
  for (const [flowId, indexes] of byFlow) {
    const { perSecond, burst } = items[indexes[0]].rate;
    const bucket = st.bucket.get(flowId);
    const elapsedS = bucket ? Math.max(0, (now - Date.parse(bucket.updatedAt)) / 1000) : 0;
    const available = bucket ? Math.min(burst, bucket.tokens + elapsedS * perSecond) : burst;
    const granted = Math.min(indexes.length, Math.floor(available));
    st.setBucket.run(flowId, available - granted, nowIso);
    const retryAfterS = Math.max(1, Math.ceil((1 - (available - granted)) / perSecond));
    for (const i of indexes.slice(granted))
      results[i] = {
        verdict: "rate_limited",
        reason: `More than ${perSecond}/s (burst ${burst}) for this flow`,
        retryAfterS,
      };
  }

  // 3. Claim the ids of what was granted; a second copy in this batch is a duplicate.
  const claimed = new Map();
  items.forEach((item, i) => {
    if (!item.dedupe || results[i].verdict !== "accepted") return;
    const first = claimed.get(key(i));
    if (first) {
      results[i] = {
        verdict: "duplicate",
        reason: "Same delivery id as another request in flight",
        duplicateOf: first,
      };
      return;
    }
    st.claim.run(item.row.flowId, item.dedupe.key, item.row.id, iso(now + item.dedupe.windowMs));
    claimed.set(key(i), item.row.id);
  });

  // 3b. The stale-event guard, for what is still accepted, in arrival order: an event older than
  // the newest held for its object is stale_event (an equal one is not: dedupe handles copies).
  items.forEach((item, i) => {
    if (!item.stale || results[i].verdict !== "accepted") return;
    const s = item.stale;
    if (!st.mark.get(item.row.flowId, s.key, s.version, item.row.id, nowIso))
      results[i] = { verdict: "stale_event", reason: STALE_REASON, ...(s.flag ? { flagged: true } : {}) };
  });

  // 4. Every delivery with its verdict, and its run request (or run). A duplicate or rate_limited
  // one keeps only the start of a large body (`cut`, set by ingest.ts): a view, not a copy.
  items.forEach((item, i) => {
    const r = results[i];
    if (r.dropped) return;
    const row = item.row;
    const cut = item.cut && (r.verdict === "duplicate" || r.verdict === "rate_limited") ? item.cut : undefined;
    if (cut) r.reason = `${r.reason ?? ""}${cut.note}`;
    st.delivery.run(
      row.id,
      row.workspaceId,
      row.flowId,
      row.endpointId,
      row.kind,
      row.method,
      row.query,
      row.headers,
      Buffer.from(
        row.body.buffer,
        row.body.byteOffset,
        cut ? Math.min(cut.bytes, row.body.byteLength) : row.body.byteLength,
      ),
      row.contentType,
      row.sourceIp,
      iso(row.receivedAt),
      r.verdict,
      r.reason,
      row.size,
      row.identity,
      row.eventType,
    );
    if (!item.run || (r.verdict !== "accepted" && r.verdict !== "sample" && !r.flagged)) return;
    if (item.run.request) {
      r.requested = true;
      st.request.run(row.id, row.workspaceId, row.flowId, item.run.versionId, row.eventType, nowIso);
      return;
    }
    r.runId = item.runId;
    st.run.run(
      r.runId,
      row.workspaceId,
      row.flowId,
      item.run.versionId,
      item.run.definition,
      row.id,
      item.run.held ? "held" : "queued",
      row.eventType,
      nowIso,
    );
  });
  return results;
}
