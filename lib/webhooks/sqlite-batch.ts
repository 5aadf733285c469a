// The group commit's writer on SQLite: hands each batch to a worker thread that owns a
// connection of its own (sqlite-writer.worker.mjs) and answers once the batch's transaction has
// committed, fsynced (synchronous=FULL). The web server's event loop never waits for the disk:
// while one batch commits it reads, verifies and queues the next. Same decisions as the
// PostgreSQL path (pg-batch.ts), in the same order.
import "server-only";
import type * as threads from "node:worker_threads";
import { startAppWorker } from "@/lib/app-worker";
import { newId } from "@/lib/ids";
import type { Committed, Pending } from "./batch-types";

type Waiter = { resolve: (r: Committed[]) => void; reject: (e: unknown) => void };
type Writer = { worker: threads.Worker; seq: number; waiting: Map<number, Waiter> };
const g = globalThis as unknown as { __hooklineIngestSqlite?: Map<string, Writer> };
const writers = (g.__hooklineIngestSqlite ??= new Map());

function writer(file: string): Writer {
  let w = writers.get(file);
  if (w) return w;
  const worker = startAppWorker("webhooks/sqlite-writer.worker.mjs", { file });
  const created: Writer = { worker, seq: 0, waiting: new Map() };
  w = created;
  const fail = (e: unknown) => {
    if (writers.get(file) === created) writers.delete(file);
    for (const x of created.waiting.values()) x.reject(e);
    created.waiting.clear();
  };
  worker.on("message", (m: { seq: number; results?: Committed[]; error?: string }) => {
    const x = created.waiting.get(m.seq);
    if (!x) return;
    created.waiting.delete(m.seq);
    if (created.waiting.size === 0) worker.unref();
    if (m.results) x.resolve(m.results);
    else x.reject(new Error(`SQLite ingest writer: ${m.error}`));
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`SQLite ingest writer exited with ${code}`)));
  worker.unref(); // an idle writer never keeps the process alive
  writers.set(file, created);
  return created;
}

export function writeBatchSqlite(file: string, items: Pending[], now: Date): Promise<Committed[]> {
  const w = writer(file);
  return new Promise((resolve, reject) => {
    const seq = ++w.seq;
    w.waiting.set(seq, { resolve, reject });
    w.worker.ref(); // a batch in flight keeps the process alive until it is answered
    w.worker.postMessage({
      seq,
      now: now.getTime(),
      items: items.map((item) => ({ ...item, runId: item.run && !item.run.request ? newId("run") : undefined })),
    });
  });
}

/** Stops the writers (tests, shutdown). */
export async function closeIngestSqlite() {
  const all = [...writers.values()];
  writers.clear();
  await Promise.all(all.map((w) => w.worker.terminate()));
}
