// A process the crash test kills with SIGKILL: the real embedded executor (with its event API and
// checkpoint endpoint) driving three functions over the SDK on the test database. Each step calls
// the test's target with an idempotency key; the target counts what it applied.
//   node --conditions=react-server --import tsx test/support/executor-crash-child.ts
//   env: DATABASE_URL, TARGET_URL, SERVE_PORT, API_PORT, APP_ID
import http from "node:http";
import { Inngest, RetryAfterError } from "inngest";
import { serve } from "inngest/node";
import { startApiServer } from "@/lib/executor/api-server";
import { createExecutor } from "@/lib/executor/executor";

const KEY = `signkey-test-${"dead".repeat(16)}`;
const target = process.env.TARGET_URL!;
const databaseUrl = process.env.DATABASE_URL!;
const apiPort = Number(process.env.API_PORT);
const servePort = Number(process.env.SERVE_PORT);

const inngest = new Inngest({
  id: process.env.APP_ID!,
  isDev: false,
  checkpointing: true,
  signingKey: KEY,
  eventKey: "crash",
  baseUrl: `http://127.0.0.1:${apiPort}`,
});

/** POSTs to the target with the step's idempotency key; a non-2xx answer fails the step (retried after 1 s). */
async function call(path: string, key: string) {
  const res = await fetch(`${target}${path}`, { method: "POST", headers: { "idempotency-key": key } });
  if (!res.ok) throw new RetryAfterError(`target answered ${res.status}`, "1s");
  return res.status;
}

const functions = [
  inngest.createFunction(
    { id: "sleepy", retries: 3, triggers: [{ event: "crash/sleepy" }] },
    async ({ runId, step }) => {
      await step.run("a", () => call("/sleepy-a", `${runId}:a`));
      await step.sleep("nap", "3s");
      await step.run("b", () => call("/sleepy-b", `${runId}:b`));
    },
  ),
  inngest.createFunction(
    { id: "retrying", retries: 5, triggers: [{ event: "crash/retrying" }] },
    async ({ runId, step }) => {
      await step.run("a", () => call("/retrying-a", `${runId}:a`));
      await step.run("b", () => call("/retrying-b", `${runId}:b`));
    },
  ),
  inngest.createFunction(
    { id: "midstep", retries: 3, triggers: [{ event: "crash/midstep" }] },
    async ({ runId, step }) => {
      await step.run("a", () => call("/mid-a", `${runId}:a`));
      await step.run("slow", () => call("/mid-slow", `${runId}:slow`));
      await step.run("c", () => call("/mid-c", `${runId}:c`));
    },
  ),
];

const handler = serve({ client: inngest, functions });
const server = http.createServer((req, res) => void handler(req, res));
await new Promise<void>((r) => server.listen(servePort, "127.0.0.1", () => r()));
const executor = createExecutor({
  serveUrl: `http://127.0.0.1:${servePort}/api/inngest`,
  signingKey: KEY,
  databaseUrl,
  singleWriter: !databaseUrl.startsWith("postgres"),
  pollMs: 50,
  // A crashed process's jobs are leased by nobody after this (PostgreSQL; SQLite releases all at start).
  leaseMs: 3000,
  callTimeoutMs: 60_000,
  log: () => undefined,
});
const api = startApiServer(executor, { port: apiPort, eventKey: "crash", signingKey: KEY });
await api.listening;
await executor.start();
await executor.sync();
console.log("CHILD_READY");
