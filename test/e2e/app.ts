// Starts the real app the way a user does (`npm start` = scripts/start.mjs: migrations, then
// `next start` with the embedded executor) on free ports, with its own data dir and SQLite file.
// It can be killed with SIGKILL and started again on the same data, like a crash.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../support/ports";

export type App = Awaited<ReturnType<typeof startApp>>;

export async function startApp() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hookline-e2e-"));
  const port = await freePort();
  const executorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, "app.log");
  let child: ChildProcess | undefined;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    HOOKLINE_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "hookline.db")}`,
    HOOKLINE_EXECUTOR_PORT: String(executorPort),
    HOOKLINE_SKIP_BUILD: "1", // scripts/test.mjs built once before the e2e suite
    NEXT_TELEMETRY_DISABLED: "1",
    // The SSRF guard refuses loopback by default; the specs' target servers listen on 127.0.0.1.
    HOOKLINE_ALLOW_HOSTS: "127.0.0.1",
  };
  for (const k of ["INNGEST_BASE_URL", "INNGEST_SIGNING_KEY", "INNGEST_DEV", "INNGEST_EVENT_KEY"]) delete env[k];

  async function boot() {
    const log = fs.openSync(logFile, "a");
    // Its own process group, so a kill reaches next-server too, as a crash of the machine would.
    child = spawn(process.execPath, ["scripts/start.mjs"], { env, stdio: ["ignore", log, log], detached: true });
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        const res = await fetch(`${url}/api/health`);
        const health = (await res.json()) as { ok: boolean; engine: { synced: boolean | null } };
        if (health.ok && health.engine.synced) return;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      if (Date.now() > until) throw new Error(`app did not become healthy:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function kill(signal: NodeJS.Signals) {
    const c = child;
    if (!c?.pid || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    process.kill(-c.pid, signal);
    await exited;
  }

  await boot();
  return {
    url,
    dataDir,
    log: () => fs.readFileSync(logFile, "utf8"),
    /** A crash: SIGKILL to the whole process group, nothing gets to clean up. */
    crash: () => kill("SIGKILL"),
    restart: boot,
    stop: async () => {
      await kill("SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
