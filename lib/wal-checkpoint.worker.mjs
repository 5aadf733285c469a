// The SQLite WAL checkpointer, in a worker thread (started by wal-checkpointer.ts): every
// `everyMs` it copies what the WAL holds into the database file (PASSIVE: it waits for no lock and
// blocks no reader or writer), then fsyncs it. The app's other connections do not checkpoint
// (wal_autocheckpoint = 0): a checkpoint run by a committing connection copies and fsyncs pages in
// that connection's thread, and its writes delay the fsyncs of the commits beside it (single-delivery
// commits took 50-530 ms at times). Plain JavaScript, loaded from disk by path, as the ingest writer.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

const db = new Database(workerData.file, { timeout: 0 });
db.exec("PRAGMA wal_autocheckpoint = 0");
const timer = setInterval(() => {
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {
    // busy (another checkpoint, a schema change): the next tick tries again
  }
}, workerData.everyMs);

parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
