const [url, n] = [process.argv[2], Number(process.argv[3] ?? 300)];
const api = async (p, body) => (await fetch(url + p, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) })).json();
const flow = await api("/api/flows", { name: "y" });
const t0 = Date.now();
let i = 0; const codes = {};
await Promise.all(Array.from({ length: 20 }, async () => { while (i < n) { i++; const r = await fetch(flow.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "e" + i }) }); codes[r.status] = (codes[r.status] ?? 0) + 1; await r.text(); } }));
console.log(`unpublished ingest ${n} in ${Date.now() - t0} ms`, codes);
