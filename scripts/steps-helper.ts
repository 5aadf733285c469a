// The steps helper under load, for the engine process when it serves the steps itself (the default
// on a machine of two cores: no steps process while idle, scripts/engine-process.ts). The helper
// itself runs scripts/steps-process.ts's runHelper.
import { fork, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { HELPER_BUSY_SECONDS, busyStreak } from "@/lib/engine/steps-workers";
import { log } from "@/lib/observability/log";

/** What a helper tells the process that forked it. */
export type HelperMessage = { ready: string } | "idle";

/**
 * Once this process's event loop has been busy for HELPER_BUSY_SECONDS (a drain: the steps were
 * the engine's bottleneck, ~90 % of a core), forks a helper (the roles entry, process.argv[1], as a
 * steps process with `helperEnv`), which serves the app's endpoint on a loopback port of its own.
 * Once it is ready, `route` gives it the executor's calls, but for a share this process keeps
 * while its own loop has room (lib/executor/call-routing.ts): the executor here never
 * waits behind more steps than it can afford. (Sharing one listening port instead, the kernel
 * splitting the calls about evenly, gave 275 three-step runs/s on PostgreSQL, and every call to
 * the helper ~260: see docs/benchmarks.md.) When the helper has had no call for HELPER_IDLE_MS it
 * says "idle": the calls come back here first, then it is told to leave and answers what it still
 * has. A helper that dies takes its calls with it: they fail, and the executor calls them again 1 s
 * later, here, no attempt used (lib/executor/executor.ts runJob).
 */
export function scaleWithLoad(route: (url: string | undefined) => void, helperEnv: Record<string, string>) {
  let helper: ChildProcess | null = null;
  let stopping = false;
  let streak = 0;
  let last = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    streak = busyStreak(streak, performance.eventLoopUtilization(now, last).utilization);
    last = now;
    if (streak >= HELPER_BUSY_SECONDS && !helper && !stopping) startHelper();
  }, 1000).unref();

  function startHelper() {
    const c = fork(process.argv[1]!, [], {
      env: { ...process.env, ...helperEnv },
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    helper = c;
    // Messages still read after the exit (the channel drains) must not route calls to a dead port.
    let exited = false;
    let routed = false;
    c.on("message", (m: HelperMessage) => {
      if (exited) return;
      if (typeof m === "object" && typeof m?.ready === "string" && !routed && !stopping) {
        routed = true;
        try {
          route(m.ready);
        } catch (e) {
          log().error({ helper: c.pid, err: (e as Error).message }, "the steps helper's endpoint was refused");
          c.kill("SIGTERM");
        }
      }
      if (m === "idle") {
        route(undefined);
        c.send("leave", (e) => e && log().warn({ helper: c.pid, err: e.message }, "the steps helper left early"));
      }
    });
    // A helper that dies while a message is on its way makes the send fail: not this process's end.
    c.on("error", (e) => log().warn({ helper: c.pid, err: e.message }, "the steps helper's channel failed"));
    c.once("exit", (code, signal) => {
      exited = true;
      route(undefined);
      helper = null;
      streak = 0;
      if (stopping) return;
      if (code === 0) log().info({ helper: c.pid }, "the steps helper left, idle");
      else log().warn({ helper: c.pid, exit: signal ?? code }, "the steps helper exited");
    });
    log().info({ helper: c.pid }, "steps busy: a helper process takes the executor's calls");
  }

  // The helper answers the calls in flight within the grace period (its own SIGTERM handler).
  const stop = () => {
    stopping = true;
    helper?.kill("SIGTERM");
  };
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
