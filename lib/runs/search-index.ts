// The payload search index: a background loop tails new runs (ids are time-sortable) and writes
// the normalized scalar values of each run's delivery body to RunSearchToken, off the ingest hot
// path. Runs younger than SETTLE_MS are left for the next pass, so a transaction that commits a
// little late is never skipped; a search scans that short unindexed tail directly (list-runs.ts).
import "server-only";
import { getDb } from "@/lib/db";
import { errField, log } from "@/lib/observability/log";
import { bodyTokens } from "./search-tokens";
import { idAt, idTime, valuesList } from "./sql";

export const SEARCH_CURSOR = "search";
export const SETTLE_MS = 3_000;
const RUNS_PER_PASS = 200;
// How far behind the cursor a pass looks for runs that committed late (see sweepLateRuns).
export const LATE_WINDOW_MS = 120_000;
const ROWS_PER_INSERT = 500;

/** The id below which (inclusive) every run is indexed. */
export async function indexedUpTo(): Promise<string> {
  const db = await getDb();
  return (await db.historyCursor.findUnique({ where: { id: SEARCH_CURSOR } }))?.lastId ?? "";
}

/**
 * Indexes settled runs past the cursor; returns how many runs it indexed. `restRatio`: after each
 * chunk, rest that many times as long as the chunk took (the background loop passes 2, so during a
 * burst of deliveries the indexer takes at most a third of its connection's time and, on SQLite,
 * of the write lock, and catches up when the burst is over).
 */
export async function indexPendingRuns(
  opts: { maxRuns?: number; settleMs?: number; restRatio?: number } = {},
): Promise<number> {
  const db = await getDb();
  const maxRuns = opts.maxRuns ?? 5_000;
  const below = idAt("run", Date.now() - (opts.settleMs ?? SETTLE_MS));
  let last = await indexedUpTo();
  await sweepLateRuns(last);
  let done = 0;
  while (done < maxRuns) {
    const runs = await db.run.findMany({
      where: { id: { gt: last, lt: below } },
      orderBy: { id: "asc" },
      take: RUNS_PER_PASS,
      select: { id: true, workspaceId: true, flowId: true, delivery: { select: { body: true, contentType: true } } },
    });
    if (runs.length === 0) break;
    const t0 = performance.now();
    await insertTokens(tokenRows(runs));
    done += runs.length;
    if (await advanceCursor(last, runs.at(-1)!.id)) {
      last = runs.at(-1)!.id;
      if (runs.length < RUNS_PER_PASS) break;
    } else {
      // Another pass moved the cursor, or it was lowered to re-index: go on from where it is now.
      last = await indexedUpTo();
    }
    if (opts.restRatio) await new Promise((r) => setTimeout(r, (performance.now() - t0) * opts.restRatio!));
  }
  return done;
}

// Moves the cursor from `from` (where this pass read or last set it, and indexed on from) to `to`,
// only if it is still at `from`: a compare-and-set, one statement, so two passes (app instances, or the
// background loop and a caller) never undo each other. A plain write of what a pass read a while
// ago could move a cursor that was lowered meanwhile (to re-index) back past runs not indexed, or
// move it back behind a faster pass. Returns false when the cursor had moved.
async function advanceCursor(from: string, to: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.historyCursor.updateMany({
    where: { id: SEARCH_CURSOR, lastId: from },
    data: { lastId: to },
  });
  if (count === 1) return true;
  if (from !== "") return false;
  // No cursor row yet: the first pass creates it (if two do, one of them wins).
  const created = await db.$executeRawUnsafe(
    `INSERT INTO "HistoryCursor" ("id", "lastId") VALUES ${valuesList(1, 2)} ON CONFLICT DO NOTHING`,
    SEARCH_CURSOR,
    to,
  );
  return created === 1;
}

// Ids are taken before their transaction commits. A run whose transaction took longer than
// SETTLE_MS (a loaded machine, several app instances) can land behind the cursor after a pass
// has moved it on: each pass looks a short window behind the cursor for runs without tokens (an
// indexed run always has one, NO_VALUES_TOKEN at least).
async function sweepLateRuns(last: string): Promise<number> {
  if (!last) return 0;
  const db = await getDb();
  const runs = await db.run.findMany({
    where: {
      id: { gt: idAt("run", idTime(last) - LATE_WINDOW_MS), lte: last },
      searchTokens: { none: {} },
      deliveryId: { not: null },
    },
    orderBy: { id: "asc" },
    take: RUNS_PER_PASS,
    select: { id: true, workspaceId: true, flowId: true, delivery: { select: { body: true, contentType: true } } },
  });
  await insertTokens(tokenRows(runs));
  return runs.length;
}

type RunWithBody = {
  id: string;
  workspaceId: string;
  flowId: string;
  delivery: { body: Uint8Array; contentType: string | null } | null;
};

/**
 * The one token of an indexed run whose delivery holds no searchable value (an empty body, only
 * single digits...): "indexed" is "has tokens" (the late-run sweep looks for runs without any), so
 * without it such a run stayed a sweep candidate for ever, and 200 of them in the late window
 * (RUNS_PER_PASS, oldest first) hid every late run newer than them. No search matches it: a
 * query's token has at least 2 characters.
 */
export const NO_VALUES_TOKEN = "";

function tokenRows(runs: RunWithBody[]): string[][] {
  const rows: string[][] = [];
  for (const r of runs) {
    if (!r.delivery) continue;
    const tokens = bodyTokens(r.delivery.body, r.delivery.contentType);
    for (const t of tokens.length ? tokens : [NO_VALUES_TOKEN]) rows.push([r.workspaceId, t, r.id, r.flowId]);
  }
  return rows;
}

export async function insertTokens(rows: string[][]) {
  const db = await getDb();
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await db.$executeRawUnsafe(
      `INSERT INTO "RunSearchToken" ("workspaceId", "token", "runId", "flowId") VALUES ${valuesList(chunk.length, 4)} ON CONFLICT DO NOTHING`,
      ...chunk.flat(),
    );
  }
}

type Loop = { timer?: NodeJS.Timeout; busy: boolean };
const g = globalThis as unknown as { __hooklineSearchIndex?: Loop };

export function startSearchIndexer(everyMs = 1_000) {
  if (g.__hooklineSearchIndex) return;
  const loop: Loop = { busy: false };
  g.__hooklineSearchIndex = loop;
  loop.timer = setInterval(() => {
    if (loop.busy) return;
    loop.busy = true;
    indexPendingRuns({ restRatio: 2 })
      .catch((e) =>
        log("search-index").error(
          errField(e),
          "indexing new runs for payload search failed; retried at the next interval",
        ),
      )
      .finally(() => (loop.busy = false));
  }, everyMs);
  loop.timer.unref();
}

export function stopSearchIndexer() {
  const loop = g.__hooklineSearchIndex;
  g.__hooklineSearchIndex = undefined;
  if (loop?.timer) clearInterval(loop.timer);
}
