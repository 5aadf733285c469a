import { createClient } from "@libsql/client";
const c = createClient({ url: "file:/tmp/fs.db" });
await c.execute("PRAGMA synchronous=NORMAL");
let t0 = performance.now();
for (let i = 0; i < 50; i++) { const tx = await c.transaction("deferred"); await tx.execute("PRAGMA synchronous=FULL"); await tx.execute({ sql: "insert into t(b) values (?)", args: [new Uint8Array(1024)] }); await tx.commit(); await c.execute("PRAGMA synchronous=NORMAL"); }
console.log("tx with FULL inside", ((performance.now() - t0) / 50).toFixed(2), "ms each");
t0 = performance.now();
for (let i = 0; i < 50; i++) { const tx = await c.transaction("deferred"); await tx.execute({ sql: "insert into t(b) values (?)", args: [new Uint8Array(1024)] }); await tx.commit(); await c.execute("PRAGMA synchronous=NORMAL"); }
console.log("tx NORMAL", ((performance.now() - t0) / 50).toFixed(2), "ms each");
