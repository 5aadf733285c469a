// The real engine without Next's HTTP layer: the lean ingest handler and the app's Inngest
// function (served by the SDK's own node adapter) on a loopback port, and the real background (dispatcher + embedded executor)
// driving it over HTTP with signed requests, on the project's test database.
import http from "node:http";
import { afterAll, beforeAll } from "vitest";
import { offsetClock, setExecutorClock } from "@/lib/executor/clock";
import { freePort } from "./ports";

export async function startEngine() {
  // lib/env reads these once, so they are set before anything touches it.
  const servePort = await freePort();
  process.env.HOOKLINE_EXECUTOR_PORT = String(await freePort());
  process.env.HOOKLINE_SERVE_URL = `http://127.0.0.1:${servePort}/api/inngest`;
  const { inngestNodeHandler } = await import("@/lib/engine/serve-node");
  const { handleNodeRequest } = await import("@/lib/webhooks/handle-node-request");
  const inngestHandler = inngestNodeHandler();
  // The same split as scripts/server.ts: webhook URLs to the lean ingest handler, the rest to the SDK.
  const server = http.createServer((req, res) => {
    if (!handleNodeRequest(req, res)) void inngestHandler(req, res);
  });
  await new Promise<void>((r) => server.listen(servePort, "127.0.0.1", () => r()));
  const { startBackground, stopBackground, executorSynced } = await import("@/lib/background");
  await startBackground();
  await executorSynced();
  const origin = `http://127.0.0.1:${servePort}`;
  return {
    origin,
    /** POSTs to a webhook URL of this server, like a sender. */
    post: (
      path: string,
      body: string | Uint8Array,
      headers: Record<string, string> = { "content-type": "application/json" },
    ) => fetch(`${origin}${path}`, { method: "POST", headers, body: body as BodyInit }),
    stop: async () => {
      await stopBackground();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real engine for a file or a describe block, on an executor clock the tests move (past a
 * retry's backoff) instead of sleeping. Registers its own beforeAll/afterAll; call it before
 * anything reads the server's settings (lib/env reads them once). `engine()` is the started one.
 */
export function engineOnClock() {
  const clock = offsetClock();
  let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
  beforeAll(async () => {
    setExecutorClock(clock.now);
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.stop();
    setExecutorClock(null);
  });
  return {
    clock,
    engine: () => {
      if (!engine) throw new Error("the engine starts in beforeAll");
      return engine;
    },
  };
}
