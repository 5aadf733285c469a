// quick throughput probe: N deliveries to a trigger-only flow, time until all runs succeeded
import { createClient } from "@libsql/client";
const [url, n] = [process.argv[2], Number(process.argv[3] ?? 300)];
const api = async (p, body) => (await fetch(url + p, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) })).json();
const flow = await api("/api/flows", { name: "x", definition: { schemaVersion: 1, nodes: [{ id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: { rateLimit: { perSecond: 100000, burst: 1000000 } } } }], edges: [] } });
const { webhookUrl } = await api(`/api/flows/${flow.id}/publish`, {});
const t0 = Date.now();
let i = 0;
await Promise.all(Array.from({ length: 20 }, async () => { while (i < n) { i++; const r = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "e" + i }) }); await r.text(); } }));
const t1 = Date.now();
const db = createClient({ url: "file:" + process.argv[4] });
for (;;) {
  const r = await db.execute(`select status, count(*) n from Run group by status`);
  const done = r.rows.find((x) => x.status === "succeeded")?.n ?? 0;
  if (Number(done) >= n || Date.now() - t1 > 60000) { console.log(`ingest ${n} in ${t1 - t0} ms; runs`, JSON.stringify(r.rows), `after ${Date.now() - t1} ms`); break; }
  await new Promise((r) => setTimeout(r, 250));
}
