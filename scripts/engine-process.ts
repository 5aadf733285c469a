// The engine process: the background work of `npm start` (the dispatcher and, in embedded mode,
// the executor with its event API; the steps it drives run in the steps process,
// scripts/steps-process.ts), in a child of the web server, started by scripts/server.ts with a lower CPU priority and its own
// database connections. On 2 cores the engine would otherwise take the CPU (and on SQLite the
// write lock) from the webhook path: here ingest wins the CPU and runs drain with what is left.
//
// Nothing correctness needs lives in memory: runs, steps, jobs and the outbox are in the
// database, so killing either process (or both) loses nothing; a new engine process resumes.
// Messages: parent -> child "kick" (runs were queued: dispatch now); child -> parent
// {synced: true} once the executor has the app's functions.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { executorSynced, startBackground, stopBackground } from "@/lib/background";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { kickDispatcher } from "@/lib/runs/dispatcher";

export async function runEngineProcess() {
  // The executor calls the steps process (HOOKLINE_SERVE_URL, set by scripts/server.ts). Without
  // one, this process serves the app's Inngest endpoint itself on a loopback port, and the steps
  // run here too. The handler is created after HOOKLINE_SERVE_URL is set (env() is read once).
  let server: http.Server | null = null;
  if (!process.env.HOOKLINE_SERVE_URL) {
    let serve: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
    const s = http.createServer((req, res) => {
      if (serve && (req.url === "/api/inngest" || req.url?.startsWith("/api/inngest?"))) return void serve(req, res);
      res.writeHead(404).end();
    });
    s.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve());
    });
    process.env.HOOKLINE_SERVE_URL = `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/inngest`;
    const { inngestNodeHandler } = await import("@/lib/engine/serve-node");
    serve = inngestNodeHandler();
    server = s;
  }

  await startBackground();
  process.on("message", (m) => {
    if (m === "kick") kickDispatcher();
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    server?.close();
    server?.closeIdleConnections();
    await stopBackground();
    await closeDb();
    process.exit(code);
  };
  // The web server is gone (crash or exit): so is this process; the next start resumes the runs.
  process.on("disconnect", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));

  if (env().executor === "embedded") {
    await executorSynced(120_000);
    process.send?.({ synced: true });
  }
}
