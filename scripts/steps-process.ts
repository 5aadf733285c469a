// The steps process: the app's Inngest endpoint (serve(): the flow function, which runs each step
// and records it) on a loopback port, and nothing else. Started by scripts/server.ts beside the
// engine process, at the same lower CPU priority, on machines of more than 2 cores or when
// HOOKLINE_STEPS_WORKERS is set (on 2 cores or fewer the engine process serves the steps itself
// and forks a helper, this script's runHelper, under load: scripts/steps-helper.ts); the engine's
// embedded executor calls it (HOOKLINE_SERVE_URL), and the SDK in here reports finished steps to
// the executor's checkpoint API. The steps are the larger part of a run's CPU (the SDK's request
// handling, the HTTP targets, the step records), so the endpoint is a node:cluster of
// HOOKLINE_STEPS_WORKERS workers (default one per core, at most 8: lib/engine/steps-workers.ts)
// sharing the one port: the primary only hands each new connection to the
// next worker, and the executor's kept-alive connections spread the calls over all of them. One
// worker on one port was the engine's bottleneck on 2 cores (its main thread at ~90 % of a core
// while the executor used ~30 %).
//
// Stateless: a step in flight when a worker dies is called again by the executor (its lease runs
// out); completed steps are memoized by the executor and never run again. A worker that dies is
// replaced after 1 s.
import cluster from "node:cluster";
import os from "node:os";
import { closeDb } from "@/lib/db";
import { closeBook } from "@/lib/engine/book";
import { HELPER_IDLE_MS, defaultStepsWorkers } from "@/lib/engine/steps-workers";
import { env } from "@/lib/env";
import { log } from "@/lib/observability/log";
import type { HelperMessage } from "./steps-helper";

export async function runStepsProcess() {
  // The helper the engine process forks under load: it serves on a loopback port of its own.
  if (process.env.HOOKLINE_STEPS_HELPER === "1") return runHelper();
  const port = env().HOOKLINE_STEPS_PORT;
  if (!port) throw new Error("HOOKLINE_STEPS_PORT is not set (the web server sets it on this child)");
  const workers = env().HOOKLINE_STEPS_WORKERS ?? defaultStepsWorkers(os.availableParallelism());
  if (workers > 1 && cluster.isPrimary) return runPrimary(workers);
  await runWorker(port);
}

/**
 * The helper (scripts/steps-helper.ts): serves like a worker, on a free loopback port it names to
 * its parent once listening (the parent then routes its executor's calls here). With no call for
 * HELPER_IDLE_MS it says "idle", and leaves when the parent, its calls routed back, says "leave".
 * It leaves too when the parent goes.
 */
async function runHelper(): Promise<void> {
  const endpoint = await runWorker(0);
  let lastCall = Date.now();
  let inFlight = 0;
  let calls = 0;
  endpoint.server.on("request", (_req, res) => {
    calls++;
    inFlight++;
    lastCall = Date.now();
    res.once("close", () => {
      inFlight--;
      lastCall = Date.now();
    });
  });
  process.on("message", (m) => {
    // The worker's own graceful shutdown: the calls still in flight are answered.
    if (m === "leave") process.kill(process.pid, "SIGTERM");
  });
  let saidIdle = false;
  setInterval(() => {
    if (saidIdle || inFlight > 0 || Date.now() - lastCall <= HELPER_IDLE_MS) return;
    saidIdle = true;
    log().info({ calls }, "the steps helper is idle; it leaves once its calls are routed back");
    process.send?.("idle" satisfies HelperMessage);
  }, 1000).unref();
  process.send?.({ ready: endpoint.url } satisfies HelperMessage);
}

/** Forks the workers (same script, same env), replaces any that die, stops them with this process. */
function runPrimary(count: number) {
  let stopping = false;
  const fork = () => {
    const w = cluster.fork();
    w.on("exit", (code, signal) => {
      if (stopping) return;
      log().error({ worker: w.process.pid, exit: signal ?? code }, "a steps worker exited; replacing it in 1 s");
      setTimeout(() => !stopping && fork(), 1000).unref();
    });
  };
  for (let i = 0; i < count; i++) fork();

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    // The workers finish the calls in flight within the grace period (runWorker).
    setTimeout(() => process.exit(1), env().HOOKLINE_SHUTDOWN_GRACE_SECONDS * 1000 + 5000).unref();
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (alive.length === 0) process.exit(0);
    let left = alive.length;
    for (const w of alive) {
      w!.once("exit", () => --left === 0 && process.exit(0));
      w!.process.kill("SIGTERM");
    }
  };
  // The web server is gone (crash or exit): so is this process, and its workers with it.
  process.on("disconnect", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/** Serves the SDK on loopback `port` (0: a free one) until told to stop. */
async function runWorker(port: number) {
  const { serveOnLoopback } = await import("@/lib/engine/serve-node");
  const endpoint = await serveOnLoopback(port);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // No new calls; the ones in flight (the executor waits for them) finish within the grace period.
    const graceMs = env().HOOKLINE_SHUTDOWN_GRACE_SECONDS * 1000;
    setTimeout(() => process.exit(1), graceMs + 5000).unref();
    await endpoint.close(graceMs);
    await closeBook().catch(() => undefined);
    await closeDb();
    process.exit(code);
  };
  // The parent (the web server, or this cluster's primary) is gone: so is this process.
  process.on("disconnect", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  return endpoint;
}
