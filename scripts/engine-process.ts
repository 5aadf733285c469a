// The engine process: the background work of `npm start` (the dispatcher and, in embedded mode,
// the executor with its event API; the steps it drives run in the steps process,
// scripts/steps-process.ts, on machines of more than two cores, and here on smaller ones, with a
// helper process under load: lib/engine/steps-workers.ts), in a child of the web server, started by scripts/server.ts with a lower CPU priority and its own
// database connections. On 2 cores the engine would otherwise take the CPU (and on SQLite the
// write lock) from the webhook path: here ingest wins the CPU and runs drain with what is left.
//
// Nothing correctness needs lives in memory: runs, steps, jobs and the outbox are in the
// database, so killing either process (or both) loses nothing; a new engine process resumes.
// Messages: parent -> child "kick" (runs were queued: dispatch now); child -> parent
// {synced: true} once the executor has the app's functions, {holdsLease} when it takes or loses
// the executor lease (only the holder drives jobs; every instance's executor takes events).
import os from "node:os";
import {
  executorSynced,
  onLeaseChange,
  servesOwnSteps,
  routeStepCalls,
  startBackground,
  stopBackground,
} from "@/lib/background";
import { closeDb } from "@/lib/db";
import { stepsHelperAllowed } from "@/lib/engine/steps-workers";
import { env } from "@/lib/env";
import { kickDispatcher } from "@/lib/runs/dispatcher";
import { scaleWithLoad } from "./steps-helper";

export async function runEngineProcess() {
  // The executor calls the steps process (HOOKLINE_SERVE_URL, set by scripts/server.ts). Without
  // one, startBackground serves the app's Inngest endpoint on a loopback port of this process, and
  // the steps run here too.
  // The web server reports this instance's lease in /api/health.
  onLeaseChange((held) => process.send?.({ holdsLease: held }));
  await startBackground();
  // Serving the steps itself (two cores or fewer): on two, a helper takes them under load.
  if (servesOwnSteps() && stepsHelperAllowed(os.availableParallelism(), env().HOOKLINE_STEPS_WORKERS))
    scaleWithLoad(routeStepCalls, { HOOKLINE_ROLE: "steps", HOOKLINE_STEPS_HELPER: "1" });
  process.on("message", (m) => {
    if (m === "kick") kickDispatcher();
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // stopBackground: no new jobs, the steps in flight finish within the grace period, the lease is released.
    const graceMs = env().HOOKLINE_SHUTDOWN_GRACE_SECONDS * 1000;
    setTimeout(() => process.exit(1), graceMs + 5000).unref();
    await stopBackground(graceMs);
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
