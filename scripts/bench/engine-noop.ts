// Diagnostic for the `engine` bench section: the embedded executor and the Inngest SDK alone,
// driving a function of three no-op steps (no flow engine, no node bookkeeping), on a migrated
// database. Shows what the executor + SDK protocol cost per run, apart from the flow engine.
// Run by scripts/bench/engine.ts as a child:
//   node --conditions=react-server --import tsx scripts/bench/engine-noop.ts
//   env: DATABASE_URL, BENCH_RUNS, BENCH_CHECKPOINT (1|0), BENCH_CONCURRENCY
// Prints one JSON line: { latency: {p50, p99}, drainS, runsPerS, calls, checkpoints }.
import http from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { startApiServer } from "@/lib/executor/api-server";
import { createExecutor } from "@/lib/executor/executor";
import { openPostgres, openSqlite } from "@/lib/sql/exec-sql";
import { CHECKPOINT_BUFFERED_STEPS } from "@/lib/inngest/client";
import { freePort } from "./util";

const KEY = `signkey-bench-${"5eed".repeat(16)}`;
const databaseUrl = process.env.DATABASE_URL!;
const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const checkpoint = process.env.BENCH_CHECKPOINT !== "0";
const started = new Map<string, number>();
const now = () => performance.timeOrigin + performance.now();

const apiPort = await freePort();
// Checkpointing as the app sets it (steps reported in batches, lib/inngest/client.ts).
const inngest = new Inngest({
  id: "bench",
  isDev: false,
  checkpointing: checkpoint ? { bufferedSteps: CHECKPOINT_BUFFERED_STEPS } : false,
  signingKey: KEY,
  eventKey: "bench",
  baseUrl: `http://127.0.0.1:${apiPort}`,
});
const fn = inngest.createFunction(
  { id: "noop", retries: 3, triggers: [{ event: "bench/noop" }] },
  async ({ event, step }) => {
    await step.run("one", () => {
      const id = (event.data as { id: string }).id;
      if (!started.has(id)) started.set(id, now());
      return 1;
    });
    await step.run("two", () => 2);
    return step.run("three", () => 3);
  },
);
const handler = serve({ client: inngest, functions: [fn] });
const port = await freePort();
const server = http.createServer((req, res) => void handler(req, res));
server.keepAliveTimeout = 65_000;
await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));

const executor = createExecutor({
  serveUrl: `http://127.0.0.1:${port}/api/inngest`,
  signingKey: KEY,
  databaseUrl,
  singleWriter: !databaseUrl.startsWith("postgres"),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
  checkpoint,
  log: () => undefined,
});
const api = startApiServer(executor, { port: apiPort, eventKey: "bench", signingKey: KEY });
await api.listening;
await executor.start();
await executor.sync();
const sql = databaseUrl.startsWith("postgres")
  ? openPostgres(databaseUrl, 1)
  : openSqlite(databaseUrl.replace(/^file:/, ""));
const completed = async () =>
  Number((await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ExecRun" WHERE "status" = 'completed'`))[0]!.n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Latency: one event at a time, 50 per second.
const sentAt = new Map<string, number>();
for (let i = 0; i < 200; i++) {
  const id = `lat-${i}`;
  sentAt.set(id, now());
  await executor.send([{ name: "bench/noop", data: { id } }]);
  await sleep(20);
}
while ((await completed()) < 200) await sleep(50);
const lat = [...sentAt]
  .slice(20)
  .map(([id, t]) => started.get(id)! - t)
  .sort((a, b) => a - b);

// Drain: RUNS events at once, then wait for them all.
const t0 = now();
for (let i = 0; i < RUNS; i += 500) {
  await executor.send(
    Array.from({ length: Math.min(500, RUNS - i) }, (_, k) => ({ name: "bench/noop", data: { id: `drain-${i + k}` } })),
  );
}
const sentAll = now();
const marks: [number, number][] = [];
for (;;) {
  const n = (await completed()) - 200;
  marks.push([now(), n]);
  if (n >= RUNS || now() - t0 > 180_000) break;
  await sleep(100);
}
const drainS = (marks.at(-1)![0] - t0) / 1000;
const lo = marks.find(([, n]) => n >= RUNS * 0.1);
const hi = marks.find(([, n]) => n >= RUNS * 0.9);
const runsPerS = lo && hi && hi[0] > lo[0] ? (hi[1] - lo[1]) / ((hi[0] - lo[0]) / 1000) : NaN;
const stats = executor.stats();
console.log(
  JSON.stringify({
    latency: { p50: lat[Math.floor(lat.length / 2)], p99: lat[Math.floor(lat.length * 0.99)] },
    enqueueS: (sentAll - t0) / 1000,
    drainS,
    done: marks.at(-1)![1],
    runsPerS,
    calls: stats.calls,
    checkpoints: stats.checkpoints,
  }),
);
await executor.stop();
await api.close();
await sql.close();
server.closeAllConnections();
server.close();
process.exit(0);
