// Group commit for the ingest path: deliveries that arrive in the same event-loop turn are written
// in ONE transaction (one fsync) and answered together after it commits. Durability is not
// weakened: nothing is acknowledged before its commit. Each batch, in order: find duplicates
// (keys already held), take rate-limit tokens per flow for the rest (a duplicate costs no token),
// claim the dedupe keys of what was granted (a 429 keeps its key free for the retry; a concurrent
// duplicate loses the claim), insert every delivery with its final verdict, and its run request
// (or, held and draft runs, its run).
// No ORM on this one path (its per-row cost dominated it): each database has a writer on a
// connection of its own (sqlite-batch.ts, pg-batch.ts; what they take and answer: batch-types.ts);
// everything else uses Prisma's model API.
import "server-only";
import { sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { observeGroupCommit } from "@/lib/observability/metrics";
import type { Committed, Pending } from "./batch-types";
import { PG_IN_FLIGHT, writeBatchPg } from "./pg-batch";
import { writeBatchSqlite } from "./sqlite-batch";

const MAX_BATCH = 512;
type Waiter = { item: Pending; resolve: (c: Committed) => void; reject: (e: unknown) => void };
type State = { queue: Waiter[]; inFlight: number; scheduled: boolean; batches: number; rows: number };
const g = globalThis as unknown as { __hooklineGroupCommit?: State };
const state = (g.__hooklineGroupCommit ??= { queue: [], inFlight: 0, scheduled: false, batches: 0, rows: 0 });

/** Stores a delivery (and its run); resolves after the transaction that holds it has committed. */
export function commitDelivery(item: Pending): Promise<Committed> {
  return new Promise((resolve, reject) => {
    state.queue.push({ item, resolve, reject });
    schedule();
  });
}

/**
 * Resolves once nothing is queued or being committed (graceful shutdown: every delivery read off a
 * socket is committed and answered before the process exits), or after `timeoutMs`; true if idle.
 */
export async function groupCommitIdle(timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (state.queue.length > 0 || state.inFlight > 0 || state.scheduled) {
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

export const groupCommitStats = () => ({ batches: state.batches, rows: state.rows });

// SQLite has one writer, a worker thread: batches posted while it commits queue in its port and
// join its next transaction (one commit for all of them), so it never idles between batches
// waiting for this thread to answer the last one and post the next. PostgreSQL commits several
// batches at once, each on its own connection.
const SQLITE_IN_FLIGHT = 4;
const maxInFlight = () => (usingPostgres() ? PG_IN_FLIGHT : SQLITE_IN_FLIGHT);

function schedule() {
  if (state.scheduled || state.inFlight >= maxInFlight()) return;
  state.scheduled = true;
  // setImmediate: everything already read off the sockets in this turn joins the batch.
  setImmediate(() => {
    state.scheduled = false;
    pump();
  });
}

/** Starts batches while there is room; a finished batch takes everything queued meanwhile. */
function pump() {
  while (state.queue.length > 0 && state.inFlight < maxInFlight()) {
    const batch = state.queue.splice(0, MAX_BATCH);
    state.inFlight++;
    // The next batch goes to the writer before this one's deliveries are answered, so the writer
    // commits it while the event loop writes the answers.
    const next = () => {
      state.inFlight--;
      pump();
    };
    writeBatch(batch.map((w) => w.item)).then(
      (results) => {
        next();
        state.batches++;
        state.rows += batch.length;
        observeGroupCommit(batch.length);
        batch.forEach((w, i) => w.resolve(results[i]!));
      },
      (e: unknown) => {
        next();
        batch.forEach((w) => w.reject(e));
      },
    );
  }
}

function writeBatch(items: Pending[]): Promise<Committed[]> {
  const now = new Date();
  const url = env().DATABASE_URL;
  return usingPostgres() ? writeBatchPg(url, items, now) : writeBatchSqlite(sqliteFile(url), items, now);
}
