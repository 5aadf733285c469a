// The steps helper under load, shared by the two processes that can serve the steps alone on a
// machine of two cores: the engine process (the default there: no steps process while idle,
// scripts/engine-process.ts) and a lone steps process (HOOKLINE_STEPS_WORKERS=1,
// scripts/steps-process.ts). The helper itself runs scripts/steps-process.ts's runHelper.
import { fork, type ChildProcess } from "node:child_process";
import type { Server } from "node:net";
import { performance } from "node:perf_hooks";
import { HELPER_BUSY_SECONDS, busyStreak } from "@/lib/engine/steps-workers";
import { log } from "@/lib/observability/log";

/**
 * The process that serves the steps alone on two cores (the engine process by default, or a lone
 * steps process): once its event loop has been busy for HELPER_BUSY_SECONDS (a drain: the steps
 * were the engine's bottleneck, ~90 % of a core), it forks a helper (the roles entry,
 * process.argv[1], as a steps process with `helperEnv`) and hands it its listening socket; both accept on the one port, no cluster primary. For three
 * seconds after the helper is ready, every other answer closes its connection, so the executor's
 * kept-alive connections reconnect and the kernel gives them to whichever process accepts first
 * (mostly the idle helper). The helper leaves after HELPER_IDLE_MS without a call, so an idle app
 * is one steps process again.
 */
export function scaleWithLoad(server: Server, helperEnv: Record<string, string>) {
  let helper: ChildProcess | null = null;
  let stopping = false;
  let streak = 0;
  let shedUntil = 0;
  let answers = 0;
  let last = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    streak = busyStreak(streak, performance.eventLoopUtilization(now, last).utilization);
    last = now;
    if (streak >= HELPER_BUSY_SECONDS && !helper && !stopping) startHelper();
  }, 1000).unref();
  server.prependListener("request", (_req: unknown, res: { shouldKeepAlive: boolean }) => {
    if (Date.now() < shedUntil && answers++ % 2 === 0) res.shouldKeepAlive = false;
  });

  function startHelper() {
    const c = fork(process.argv[1]!, [], {
      env: { ...process.env, ...helperEnv },
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    helper = c;
    c.on("message", (m) => {
      // The listener only once the helper can answer what it accepts (scripts/steps-process.ts runHelper).
      if (m === "loaded" && !stopping)
        c.send(
          "listen",
          server,
          (e) => e && log().warn({ helper: c.pid, err: e.message }, "the steps helper left early"),
        );
      if (m === "ready") shedUntil = Date.now() + 3000;
    });
    // A helper that dies before it is handed the listener makes the send fail: not this process's end.
    c.on("error", (e) => log().warn({ helper: c.pid, err: e.message }, "the steps helper's channel failed"));
    c.once("exit", (code, signal) => {
      helper = null;
      streak = 0;
      if (!stopping && code !== 0) log().warn({ helper: c.pid, exit: signal ?? code }, "the steps helper exited");
    });
    log().info({ helper: c.pid }, "steps busy: a helper process shares the steps port");
  }

  const stop = () => {
    stopping = true;
    helper?.kill("SIGTERM");
  };
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
