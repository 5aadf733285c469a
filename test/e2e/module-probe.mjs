// Preloaded into every process of the app by roles.spec.ts (NODE_OPTIONS=--import): every 250 ms
// and at exit, writes what this process is and the CommonJS modules it has loaded (Next, React and
// most packages are CommonJS, also when imported from ESM) to $HOOKLINE_PROBE_DIR/<pid>.json.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { isMainThread } from "node:worker_threads";

const cache = createRequire(import.meta.url).cache;
const dir = process.env.HOOKLINE_PROBE_DIR;
// Not in worker threads (the WAL checkpointer, the SQLite writer): same pid, their own module list.
if (dir && isMainThread) {
  const write = () => {
    const info = {
      pid: process.pid,
      ppid: process.ppid,
      role: process.env.HOOKLINE_ROLE ?? null,
      clusterWorker: Boolean(process.env.NODE_UNIQUE_ID),
      argv: process.argv.slice(1),
      modules: Object.keys(cache),
    };
    try {
      fs.writeFileSync(path.join(dir, `${process.pid}.json.tmp`), JSON.stringify(info));
      fs.renameSync(path.join(dir, `${process.pid}.json.tmp`), path.join(dir, `${process.pid}.json`));
    } catch {
      // the test is over
    }
  };
  setInterval(write, 250).unref();
  process.on("exit", write);
}
