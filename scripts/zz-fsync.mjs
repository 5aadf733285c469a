import { createClient } from "@libsql/client";
import fs from "node:fs";
fs.rmSync("/tmp/fs.db", { force: true });
const c = createClient({ url: "file:/tmp/fs.db" });
await c.execute("PRAGMA journal_mode=WAL");
await c.execute("create table t(id integer primary key, b blob)");
for (const sync of ["FULL", "NORMAL"]) {
  await c.execute(`PRAGMA synchronous=${sync}`);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await c.execute({ sql: "insert into t(b) values (?)", args: [new Uint8Array(1024)] });
  console.log(sync, ((performance.now() - t0) / 200).toFixed(2), "ms per autocommit insert");
}
const t0 = performance.now();
for (let i = 0; i < 50; i++) { const tx = await c.transaction("deferred"); await tx.execute({ sql: "insert into t(b) values (?)", args: [new Uint8Array(1024)] }); await tx.commit(); }
console.log("interactive tx", ((performance.now() - t0) / 50).toFixed(2), "ms each");
