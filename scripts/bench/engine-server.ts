// The engine under test for the `engine` bench section, in one process: the lean webhook handler,
// the app's Inngest endpoint (serve(), the flow function) and the background (dispatcher and the
// embedded executor) — what the engine process of `npm start` runs, without Next. Bundled by
// scripts/bench/engine.ts with esbuild (server-only aliased away, as in `npm run build:server`)
// and started on a fresh database. Bench-only control routes under /__bench/.
//   env: PORT, DATABASE_URL, HOOKLINE_DATA_DIR, HOOKLINE_EXECUTOR_PORT, HOOKLINE_ALLOW_HOSTS
import http from "node:http";

import { fork } from "node:child_process";
import os from "node:os";
import { freePort } from "../../lib/net/free-port";

const { snapshotProcessEnv } = await import("@/lib/env");
snapshotProcessEnv(); // as scripts/server.ts does

// As under `npm start` (lib/engine/steps-workers.ts): on more than two cores, or with
// HOOKLINE_STEPS_WORKERS set, the flow function runs in a steps process (scripts/steps-process.ts,
// this same bundle with HOOKLINE_ROLE=steps), which the executor here calls; on two cores or fewer
// this process serves the steps on a loopback port of its own and forks a helper under load
// (scripts/steps-helper.ts). BENCH_STEPS_PROCESS=off: everything in this one process, on its
// public port, never a helper (a diagnostic).
if (process.env.HOOKLINE_ROLE === "steps") {
  const { runStepsProcess } = await import("../steps-process");
  await runStepsProcess();
} else {
  await main();
}

async function main() {
  const { stepsHelperAllowed, stepsProcessWanted } = await import("@/lib/engine/steps-workers");
  const port = Number(process.env.PORT);
  const cores = os.availableParallelism();
  const configured = process.env.HOOKLINE_STEPS_WORKERS ? Number(process.env.HOOKLINE_STEPS_WORKERS) : undefined;
  const allHere = process.env.BENCH_STEPS_PROCESS === "off";
  const stepsPort = !allHere && stepsProcessWanted(cores, configured) ? await freePort() : null;
  if (allHere) process.env.HOOKLINE_SERVE_URL = `http://127.0.0.1:${port}/api/inngest`;
  if (stepsPort) {
    process.env.HOOKLINE_SERVE_URL = `http://127.0.0.1:${stepsPort}/api/inngest`;
    const steps = fork(process.argv[1]!, [], {
      env: { ...process.env, HOOKLINE_ROLE: "steps", HOOKLINE_STEPS_PORT: String(stepsPort) },
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    process.on("exit", () => steps.kill());
  }

  const { inngestNodeHandler } = await import("@/lib/engine/serve-node");
  const { handleNodeRequest } = await import("@/lib/webhooks/handle-node-request");
  const { startBackground, stopBackground, executorSynced, servesOwnSteps, routeStepCalls } =
    await import("@/lib/background");
  const { createFlow } = await import("@/lib/flows/create-flow");
  const { saveDraft } = await import("@/lib/flows/save-draft");
  const { publishFlow } = await import("@/lib/flows/publish-flow");
  const { setPaused } = await import("@/lib/flows/set-paused");
  const { getDb } = await import("@/lib/db");

  const serveInngest = inngestNodeHandler();

  async function setup(body: { sinkUrl: string; steps: number; paused: boolean }) {
    const ws = "ws_bench";
    await (await getDb()).workspace.upsert({ where: { id: ws }, create: { id: ws, name: "Bench" }, update: {} });
    const flow = await createFlow(ws, { name: `Engine bench ${Date.now()}` });
    // No verification; a rate limit far above the load (the default would turn a burst into 429s).
    const trigger = { verification: { preset: "none" }, rateLimit: { perSecond: 100_000, burst: 1_000_000 } };
    const nodes: unknown[] = [
      { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: trigger } },
    ];
    const edges: unknown[] = [];
    for (let i = 1; i <= body.steps; i++) {
      nodes.push({
        id: `step_${i}`,
        type: "http",
        position: { x: 250 * i, y: 0 },
        data: {
          label: `Step ${i}`,
          config: { method: "POST", url: `${body.sinkUrl}/s${i}`, body: '{"id":"{{ trigger.body.id }}"}' },
        },
      });
      edges.push({ id: `e${i}`, source: i === 1 ? "trigger" : `step_${i - 1}`, target: `step_${i}` });
    }
    await saveDraft(ws, flow.id, { definition: { schemaVersion: 1, nodes, edges } as never, revision: 0 });
    await publishFlow(ws, flow.id);
    if (body.paused) await setPaused(ws, flow.id, { paused: true });
    const token = flow.endpoints.find((e: { kind: string }) => e.kind === "live")!.token;
    return { flowId: flow.id, ws, token };
  }

  async function control(path: string, body: Record<string, unknown>): Promise<unknown> {
    if (path === "/__bench/setup") return setup(body as never);
    if (path === "/__bench/resume") {
      const r = await setPaused(String(body.ws), String(body.flowId), { paused: false, held: "run" });
      return { ...r, at: Date.now() };
    }
    if (path === "/__bench/counts") {
      const db = await getDb();
      const rows = await db.run.groupBy({ by: ["status"], _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    }
    throw new Error(`unknown ${path}`);
  }

  const server = http.createServer((req, res) => {
    if (handleNodeRequest(req, res)) return;
    if (req.url?.startsWith("/api/inngest")) return void serveInngest(req, res);
    if (req.url?.startsWith("/__bench/")) {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
          : {};
        control(req.url!, body).then(
          (out) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out)),
          (e: Error) => res.writeHead(500).end(e.stack ?? String(e)),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  await startBackground();
  if (servesOwnSteps() && stepsHelperAllowed(cores, configured)) {
    const { scaleWithLoad } = await import("../steps-helper");
    scaleWithLoad(routeStepCalls, { HOOKLINE_ROLE: "steps", HOOKLINE_STEPS_HELPER: "1" });
  }
  await executorSynced(120_000);
  console.log("ENGINE_READY");

  const shutdown = async () => {
    setTimeout(() => process.exit(1), 5000).unref();
    server.close();
    server.closeIdleConnections();
    await stopBackground();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}
