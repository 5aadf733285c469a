// A worker thread whose source is a plain .mjs file of the app (the SQLite ingest writer, the WAL
// checkpointer), found from the app's root at run time through modules the bundlers do not
// analyse: Turbopack traces a path built on process.cwd() as "the whole project".
import "server-only";
import type * as threads from "node:worker_threads";

const builtin = <T>(name: string) => process.getBuiltinModule(name) as T;

/** Starts `lib/<file>` (a path under lib/, e.g. "webhooks/sqlite-writer.worker.mjs") as a worker thread. */
export function startAppWorker(file: string, workerData: unknown): threads.Worker {
  const path = builtin<typeof import("node:path")>("node:path");
  const { Worker } = builtin<typeof threads>("node:worker_threads");
  return new Worker(path.resolve(process.cwd(), "lib", ...file.split("/")), { workerData });
}
