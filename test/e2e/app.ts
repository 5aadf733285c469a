// Starts the real app the way a user does (`npm start` = scripts/start.mjs: migrations, then
// `next start` with the embedded executor) on free ports, with its own data dir and SQLite file.
// It can be killed with SIGKILL and started again on the same data, like a crash.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { freePort } from "../support/ports";
import { apps, findLeaks, recordAnswer, type AppAuth } from "./session";

export type App = Awaited<ReturnType<typeof startApp>>;

/**
 * `owner: false` leaves the install fresh (no user yet), for specs that sign up themselves.
 * `databaseUrl`: a database of the spec's (e.g. PostgreSQL shared by several instances) instead of
 * a SQLite file in the data dir; `env`: more variables (HOOKLINE_SECRET_KEY, ...).
 */
export async function startApp(opts: { owner?: boolean; databaseUrl?: string; env?: Record<string, string> } = {}) {
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
    DATABASE_URL: opts.databaseUrl ?? `file:${path.join(dataDir, "hookline.db")}`,
    HOOKLINE_EXECUTOR_PORT: String(executorPort),
    HOOKLINE_SKIP_BUILD: "1", // scripts/test.mjs built once before the e2e suite
    NEXT_TELEMETRY_DISABLED: "1",
    // The SSRF guard refuses loopback by default; the specs' target servers listen on 127.0.0.1.
    HOOKLINE_ALLOW_HOSTS: "127.0.0.1",
    ...opts.env,
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
      if (child.exitCode !== null)
        throw new Error(`app exited with ${child.exitCode}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      if (Date.now() > until)
        throw new Error(`app did not become healthy:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Signals the app's whole process group; resolves with `npm start`'s exit code once it exited. */
  async function kill(signal: NodeJS.Signals): Promise<number | null> {
    const c = child;
    if (!c?.pid || c.exitCode !== null) return c?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => c.once("exit", (code) => r(code)));
    process.kill(-c.pid, signal);
    return exited;
  }

  await boot();
  const auth: AppAuth = { url, owner: null, secrets: new Set(), answers: [], pending: [] };
  apps.set(url, auth);
  if (opts.owner !== false) {
    try {
      auth.owner = await signUpOwner(url, auth);
    } catch (e) {
      throw new Error(`${(e as Error).message}\napp log:\n${fs.readFileSync(logFile, "utf8").slice(-4000)}`);
    }
  }

  /** Fails when a recorded secret (password, credential value, API key, password hash) is in an answer or the log. */
  async function checkSecrets() {
    await Promise.all(auth.pending);
    for (const password of await accountPasswords(env.DATABASE_URL!)) auth.secrets.add(password);
    const leaks = findLeaks(auth, fs.readFileSync(logFile, "utf8"));
    if (leaks.length) throw new Error(`secrets leaked:\n${leaks.join("\n")}`);
    return { secrets: auth.secrets.size, answers: auth.answers.length };
  }

  return {
    url,
    dataDir,
    /** The owner startApp created (null with `owner: false`): e-mail, password, session cookie. */
    owner: auth.owner,
    auth,
    checkSecrets,
    log: () => fs.readFileSync(logFile, "utf8"),
    /** A crash: SIGKILL to the whole process group, nothing gets to clean up. */
    crash: async () => void (await kill("SIGKILL")),
    /** A graceful stop (a rolling restart): SIGTERM to the process group; resolves with the exit code. */
    terminate: () => kill("SIGTERM"),
    /** JSON from the app's REST API; a non-2xx answer throws with its body. */
    api: async <T>(path: string, init?: RequestInit): Promise<T> => {
      const res = await fetch(`${url}${path}`, { ...init, headers: { "content-type": "application/json" } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    /** The pid of the app's first process (`node scripts/start.mjs`), the root of its process tree. */
    pid: () => child?.pid,
    restart: boot,
    stop: async () => {
      await kill("SIGTERM");
      apps.delete(url);
      try {
        await checkSecrets();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The stored password hashes (secrets no answer or log may hold), from SQLite or PostgreSQL. */
async function accountPasswords(url: string): Promise<string[]> {
  const query = 'SELECT password FROM "Account" WHERE password IS NOT NULL';
  if (url.startsWith("postgres")) {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      return (await db.query<{ password: string }>(query)).rows.map((r) => r.password);
    } finally {
      await db.end();
    }
  }
  const db = createClient({ url });
  try {
    return (await db.execute(query)).rows.map((r) => String(r.password));
  } finally {
    db.close();
  }
}

/** The first sign-up of a fresh install makes its owner; returns the session cookie it set. */
async function signUpOwner(url: string, auth: AppAuth) {
  const email = "owner@hookline.test";
  const password = `pw-${crypto.randomUUID()}`;
  auth.secrets.add(password);
  const res = await fetch(`${url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password, name: "Owner" }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`sign-up of the owner failed: ${res.status} ${text}`);
  recordAnswer(auth, "POST /api/auth/sign-up", "/api/auth/sign-up", "POST", text);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { email, password, cookie };
}
