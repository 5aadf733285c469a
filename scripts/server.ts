// The production server (`npm start`): one node:http listener; webhook URLs and the Inngest
// endpoint are answered by lean handlers, everything else by Next. The background work lives in
// two child processes at a lower CPU priority, so deliveries keep the CPU under load and runs
// drain with what is left: the engine process (scripts/engine-process.ts: the dispatcher and the
// embedded executor) and, on machines of more than two cores, the steps process
// (scripts/steps-process.ts: serve(), where the flow function runs the steps), which the executor
// calls; on two cores or fewer the engine process serves the steps itself and forks a helper under
// load (scripts/steps-helper.ts), so a run's work is still split over both cores. Bundled by esbuild into .next/hookline-server.mjs during `npm run build`; the children are
// its sibling .next/hookline-roles.mjs (scripts/roles.ts, by HOOKLINE_ROLE), which shares its code
// chunks but never loads Next, the UI or the webhook path: ~100 MB less per idle child.
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import next from "next";
import { startBackground, stopBackground } from "@/lib/background";
import { closeDb } from "@/lib/db";
import { env, snapshotProcessEnv } from "@/lib/env";
import { inngestNodeHandler, isInngestPath } from "@/lib/engine/serve-node";
import { stepsProcessWanted } from "@/lib/engine/steps-workers";
import { INNGEST_PATH } from "@/lib/inngest/client";
import { freePort } from "@/lib/net/free-port";
import { errField, log } from "@/lib/observability/log";
import { createPublicServer, defaultMaxConnections, setPeerAddress } from "@/lib/net/public-listener";
import { setEngineProcess, type EngineProcessLink } from "@/lib/runs/engine-link";
import { groupCommitIdle } from "@/lib/webhooks/group-commit";
import { handleNodeRequest } from "@/lib/webhooks/handle-node-request";

/**
 * Niceness of the engine and steps processes (0 = same as the web server, 19 = lowest). The lowest:
 * under a webhook flood they take only the CPU the web server leaves (at 10 they still took ~1 of 2
 * cores from it: SQLite ingest 2,932 req/s at nice 10, 3,526 at 19); with no flood they get it all.
 */
const ENGINE_NICE = 19;

/** What the children run (scripts/roles.ts, bundled beside this file). */
const ROLES_ENTRY = fileURLToPath(new URL("./hookline-roles.mjs", import.meta.url));

snapshotProcessEnv();
// A child started from this file by hand still works (it has loaded Next for nothing).
if (process.env.HOOKLINE_ROLE === "engine") await (await import("./engine-process")).runEngineProcess();
else if (process.env.HOOKLINE_ROLE === "steps") await (await import("./steps-process")).runStepsProcess();
else await runWebServer();

async function runWebServer() {
  // Validated here, before anything listens: a bad variable stops the app with its name
  // (INNGEST_DEV on a non-loopback HOST, a header timeout longer than the request timeout, ...).
  const e = env();
  const hostname = e.HOST;
  const port = e.PORT;
  const embedded = e.executor === "embedded";
  // HOOKLINE_BACKGROUND=off (tests) starts no background at all; HOOKLINE_ENGINE_PROCESS=off keeps
  // it in this process (as under `next dev`), serving the SDK on a loopback port of its own.
  const background = e.HOOKLINE_BACKGROUND !== "off";
  const inChild = background && e.HOOKLINE_ENGINE_PROCESS !== "off";
  // The steps process, for the embedded executor, unless HOOKLINE_SERVE_URL names an endpoint of
  // the operator's choosing or the machine is small (two cores or fewer: the engine process serves
  // the steps itself, lib/engine/steps-workers.ts).
  const stepsPort =
    inChild &&
    embedded &&
    !e.HOOKLINE_SERVE_URL &&
    stepsProcessWanted(os.availableParallelism(), e.HOOKLINE_STEPS_WORKERS)
      ? await freePort()
      : null;
  const engineEnv = {
    ...process.env,
    HOOKLINE_ROLE: "engine",
    ...(stepsPort ? { HOOKLINE_SERVE_URL: `http://127.0.0.1:${stepsPort}${INNGEST_PATH}` } : {}),
  };
  const stepsEnv = { ...process.env, HOOKLINE_ROLE: "steps", HOOKLINE_STEPS_PORT: String(stepsPort) };
  // instrumentation.ts must not start the background in this process when the child runs it.
  if (inChild) process.env.HOOKLINE_BACKGROUND = "off";

  const app = next({ dev: false, hostname, port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();

  // The two machine-to-machine paths skip Next's request pipeline: webhook deliveries (the hot
  // path) and, with an external Inngest, its calls into the SDK. In embedded mode /api/inngest is
  // not served here at all: the executor calls the SDK on loopback (the steps process, or a
  // listener of the process that runs it), so no request to this listener can sync the functions
  // or call them. Same code as the Next routes app/api/hooks and app/api/inngest, which serve
  // `next dev`.
  const serveInngest = embedded ? null : inngestNodeHandler();
  // Requests being answered, so a graceful shutdown knows when the last one is done.
  let answering = 0;
  let closing = false;
  const server = createPublicServer(
    (req, res) => {
      answering++;
      res.once("close", () => answering--);
      // Shutting down: this answer is the connection's last, so the sender's next request opens
      // a new connection (to another instance behind a load balancer) instead of finding it closed.
      if (closing) res.shouldKeepAlive = false;
      if (handleNodeRequest(req, res)) return;
      if (isInngestPath(req.url)) {
        if (serveInngest) return void serveInngest(req, res);
        return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
      }
      // Next's route handlers cannot see the socket: the client address for the per-address
      // sign-in limit (lib/auth/login-limit.ts), never a value the client sent.
      setPeerAddress(req);
      void handle(req, res);
    },
    {
      headersTimeoutMs: e.HOOKLINE_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.HOOKLINE_REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: e.HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS * 1000,
      maxConnectionsPerAddress: e.HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS,
      maxConnections: e.HOOKLINE_MAX_CONNECTIONS ?? defaultMaxConnections(),
    },
  );

  const engine = inChild ? engineSupervisor(engineEnv) : null;
  const steps = stepsPort ? supervise("steps", stepsEnv) : null;
  server.listen(port, hostname, () => {
    log().info({ url: `http://${hostname}:${port}`, host: hostname, port, executor: e.executor }, "serving");
    steps?.start();
    if (engine) engine.start();
    else if (background) void startBackground();
  });

  // SIGTERM (a rolling restart, `docker stop`): stop accepting; answer every request already read
  // (the deliveries in the group commit are committed and answered: a 2xx is never lost); the
  // children stop taking work, let the steps in flight finish within the grace period and hand the
  // executor lease over; exit 0. The same signal may reach every process of the group at once (a
  // terminal's Ctrl-C, kill -TERM -<pgid>): each one shuts down by itself in the same order.
  async function shutdown() {
    if (closing) return;
    closing = true;
    const graceMs = e.HOOKLINE_SHUTDOWN_GRACE_SECONDS * 1000;
    setTimeout(() => process.exit(1), graceMs + CHILD_EXIT_MARGIN_MS * 2).unref(); // never hang on a stuck connection
    server.close();
    const until = Date.now() + graceMs;
    while ((answering > 0 || !(await groupCommitIdle(0))) && Date.now() < until) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 20));
    }
    server.closeAllConnections();
    await Promise.all([engine?.stop(graceMs), steps?.stop(graceMs)]);
    await stopBackground(graceMs);
    await app.close();
    await closeDb();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

/** Starts the engine process (restarted if it dies) and forwards "runs were queued" kicks to it. */
function engineSupervisor(env: NodeJS.ProcessEnv) {
  let kickPending = false;
  const link: EngineProcessLink = { synced: false, holdsLease: false, kick };
  setEngineProcess(link);
  const child = supervise("engine", env, {
    onMessage: (m) => {
      if (!m || typeof m !== "object") return;
      if ((m as { synced?: unknown }).synced === true) link.synced = true;
      const lease = (m as { holdsLease?: unknown }).holdsLease;
      if (typeof lease === "boolean") link.holdsLease = lease;
    },
    onExit: () => {
      link.synced = false;
      link.holdsLease = false;
    },
  });

  function kick() {
    // At most one message per event-loop turn: a group commit of 50 deliveries sends one.
    if (kickPending || !child.connected()) return;
    kickPending = true;
    setImmediate(() => {
      kickPending = false;
      child.send("kick");
    });
  }

  return child;
}

/** How long past the grace period a child may take to exit (commit, release the lease, close). */
const CHILD_EXIT_MARGIN_MS = 5000;

/** A child process of this bundle in `role`, at ENGINE_NICE, restarted 1 s after it dies. */
function supervise(
  role: string,
  env: NodeJS.ProcessEnv,
  hooks: { onMessage?: (m: unknown) => void; onExit?: () => void } = {},
) {
  let child: ChildProcess | null = null;
  let stopping = false;

  function start() {
    // Not the parent's --cpu-prof and the like: a child is profiled on its own if at all.
    // HOOKLINE_ENGINE_CPU_PROF=<dir>: V8 CPU profiles of the children (a diagnostic; `npm run bench -- --cpu-prof`).
    const prof = process.env.HOOKLINE_ENGINE_CPU_PROF;
    const execArgv = [
      ...process.execArgv.filter((a) => !a.startsWith("--cpu-prof")),
      ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : []),
    ];
    const c = fork(ROLES_ENTRY, [], { env, execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child = c;
    try {
      os.setPriority(c.pid!, ENGINE_NICE);
    } catch (e) {
      log().warn({ process: role, ...errField(e) }, "could not lower a child process's CPU priority");
    }
    if (hooks.onMessage) c.on("message", hooks.onMessage);
    c.on("exit", (code, signal) => {
      if (child === c) child = null;
      hooks.onExit?.();
      if (stopping) return;
      log().error({ process: role, exit: signal ?? code }, "a child process exited; restarting it in 1 s");
      setTimeout(() => !stopping && start(), 1000).unref();
    });
  }

  /** SIGTERM, and wait for the child's own graceful shutdown (its grace period, then a margin). */
  async function stop(graceMs: number) {
    stopping = true;
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs + CHILD_EXIT_MARGIN_MS))]);
  }

  return {
    start,
    stop,
    connected: () => Boolean(child?.connected),
    send: (m: string) => void (child?.connected && child.send(m, () => undefined)),
  };
}
