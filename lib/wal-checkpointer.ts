// Starts the SQLite WAL checkpointer (wal-checkpoint.worker.mjs) beside the background: one per
// app, in the process that runs the dispatcher and the executor. Every other connection of the app
// leaves checkpoints to it (PRAGMA wal_autocheckpoint = 0: the ingest writer, lib/sql/exec-sql.ts,
// Prisma's connections in lib/db.ts).
import "server-only";
import { startAppWorker } from "@/lib/app-worker";
import { errField, log } from "@/lib/observability/log";

/**
 * Often, so each checkpoint is small: a checkpoint's writes and fsync of the database file delay
 * the commits (fsyncs) that run at the same time. In the engine bench's latency phase, one
 * checkpoint a second (or SQLite's own every 1,000 pages) held single-delivery commits for 50–530 ms
 * (webhook → first step p99 up to 480 ms); every 200 ms, the slowest first step in four runs was 51 ms.
 */
export const CHECKPOINT_EVERY_MS = 200;

/** Starts the checkpointer on `file`; the function returned stops it. */
export function startWalCheckpointer(file: string, everyMs = CHECKPOINT_EVERY_MS): () => Promise<void> {
  const worker = startAppWorker("wal-checkpoint.worker.mjs", { file, everyMs });
  const exited = new Promise((r) => worker.once("exit", r));
  worker.on("error", (e) => log("sqlite").error(errField(e), "the WAL checkpointer failed"));
  worker.unref();
  return async () => {
    worker.postMessage("stop");
    await exited;
  };
}
