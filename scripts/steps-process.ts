// The steps process: the app's Inngest endpoint (serve(): the flow function, which runs each step
// and records it) on a loopback port, and nothing else. Started by scripts/server.ts beside the
// engine process, at the same lower CPU priority; the engine's embedded executor calls it
// (HOOKLINE_SERVE_URL), and the SDK in here reports finished steps to the executor's checkpoint
// API. One run then costs the executor's work on one core and the steps' work on the other, where
// one process kept both on one core (the engine is CPU-bound: ~8 ms of CPU per three-step run).
//
// Stateless: a step in flight when this process dies is called again by the executor (its lease
// runs out); completed steps are memoized by the executor and never run again.
import http from "node:http";
import { closeDb } from "@/lib/db";
import { closeBook } from "@/lib/engine/book";
import { env } from "@/lib/env";

export async function runStepsProcess() {
  const port = env().HOOKLINE_STEPS_PORT;
  if (!port) throw new Error("HOOKLINE_STEPS_PORT is not set (the web server sets it on this child)");
  const { inngestNodeHandler } = await import("@/lib/engine/serve-node");
  const serve = inngestNodeHandler();
  const server = http.createServer((req, res) => {
    if (req.url === "/api/inngest" || req.url?.startsWith("/api/inngest?")) return void serve(req, res);
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    server.close();
    server.closeIdleConnections();
    await closeBook().catch(() => undefined);
    await closeDb();
    process.exit(code);
  };
  // The web server is gone (crash or exit): so is this process.
  process.on("disconnect", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
}
