// The real Hookline app for the bench, started the way a user does (`node scripts/start.mjs`,
// like test/e2e/app.ts): migrations, then .next/hookline-server.mjs with the embedded executor, on
// free ports, with its own data dir and database. Plus the REST calls that set up a Stripe flow,
// and the row counts for the bookkeeping check.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { pgQuery } from "./postgres";
import { ROOT, collectOutput, freePort, spawnTracked, stopChild, tmpDir, waitFor } from "./util";

export const SERVER_BUNDLE = path.join(ROOT, ".next/hookline-server.mjs");

/** Builds when .next/hookline-server.mjs is missing; returns what it did, and warns about a stale build. */
export async function ensureBuild(log: (l: string) => void): Promise<string> {
  if (!fs.existsSync(SERVER_BUNDLE)) {
    // Someone may be building right now (the bundle is written last): give that a minute first.
    log("[bench] .next/hookline-server.mjs is missing; waiting up to 60 s for a build in progress");
    await waitFor(
      "a build in progress",
      60_000,
      async () => (fs.existsSync(SERVER_BUNDLE) ? true : undefined),
      undefined,
      1000,
    ).catch(() => undefined);
  }
  if (!fs.existsSync(SERVER_BUNDLE)) {
    log("[bench] .next/hookline-server.mjs is missing: running `npm run build` first");
    const child = spawnTracked("npm", ["run", "--silent", "build"], { stdio: ["ignore", "pipe", "pipe"] });
    await collectOutput(child, 15 * 60_000, "npm run build");
    return "built with `npm run build` before the run (no build was present)";
  }
  const builtAt = fs.statSync(SERVER_BUNDLE).mtimeMs;
  const inputs = ["app", "components", "lib", "scripts/server.ts", "instrumentation.ts", "next.config.js"];
  const newer = inputs.flatMap((p) => newerThan(path.join(ROOT, p), builtAt)).slice(0, 5);
  if (newer.length > 0) {
    const rel = newer.map((f) => path.relative(ROOT, f)).join(", ");
    log(
      `[bench] WARNING: sources changed after the last build (${rel}); measuring the existing build (run \`npm run build\` to include them)`,
    );
    return `existing build from ${new Date(builtAt).toISOString()}; sources changed since: ${rel}`;
  }
  return `existing build from ${new Date(builtAt).toISOString()}, up to date with the sources`;
}

function newerThan(p: string, t: number): string[] {
  if (!fs.existsSync(p)) return [];
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs > t ? [p] : [];
  return fs
    .readdirSync(p)
    .flatMap((e) => (e === "generated" || e === "node_modules" ? [] : newerThan(path.join(p, e), t)));
}

export type App = {
  url: string;
  /** The owner's session cookie (the bench signs up the first user, as a person would). */
  cookie: string;
  dataDir: string;
  databaseUrl: string;
  pid: number;
  log: () => string;
  /** Stops the app and deletes its data dir; resolves with the time (epoch ms) the app had exited. */
  stop: () => Promise<number>;
};

/** Starts the app on a fresh data dir; `databaseUrl` null = a SQLite file in the data dir. */
export async function startApp(opts: { databaseUrl: string | null; cpuProfDir?: string }): Promise<App> {
  const dataDir = tmpDir("hookline-bench-");
  const port = await freePort();
  const executorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl = opts.databaseUrl ?? `file:${path.join(dataDir, "hookline.db")}`;
  const logFile = path.join(dataDir, "app.log");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    HOOKLINE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    HOOKLINE_EXECUTOR_PORT: String(executorPort),
    HOOKLINE_SKIP_BUILD: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    // PostgreSQL refuses to start without one (lib/env.ts); a fixed key is fine for a bench.
    HOOKLINE_SECRET_KEY: process.env.HOOKLINE_SECRET_KEY ?? Buffer.alloc(32, 9).toString("base64"),
  };
  for (const k of [
    "INNGEST_BASE_URL",
    "INNGEST_SIGNING_KEY",
    "INNGEST_DEV",
    "INNGEST_EVENT_KEY",
    "HOOKLINE_PUBLIC_URL",
    "HOOKLINE_SERVE_URL",
    "HOOKLINE_BACKGROUND",
    "NODE_OPTIONS",
  ])
    delete env[k];
  const logFd = fs.openSync(logFile, "a");
  let child: ChildProcess;
  if (opts.cpuProfDir) {
    // Node 20 refuses --cpu-prof in NODE_OPTIONS, so do what scripts/start.mjs does by hand:
    // migrations, then the server bundle, this time with the profiler flag.
    const migrate = spawnTracked(process.execPath, ["scripts/db.mjs", "deploy"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    await collectOutput(migrate, 120_000, "migrations");
    const serverEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production" as const };
    child = spawnTracked(process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${opts.cpuProfDir}`, SERVER_BUNDLE], {
      env: serverEnv,
      stdio: ["ignore", logFd, logFd],
    });
  } else {
    child = spawnTracked(process.execPath, ["scripts/start.mjs"], { env, stdio: ["ignore", logFd, logFd] });
  }
  fs.closeSync(logFd);
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  const stop = async () => {
    await stopChild(child, 15_000);
    const exitedAt = Date.now();
    fs.rmSync(dataDir, { recursive: true, force: true });
    return exitedAt;
  };
  try {
    await waitFor(
      "the app's /api/health to report the engine synced",
      120_000,
      async () => {
        const res = await fetch(`${url}/api/health`);
        const h = (await res.json()) as { ok: boolean; engine?: { synced: boolean | null } };
        return h.ok && h.engine?.synced ? true : undefined;
      },
      () => {
        if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${log().slice(-3000)}`);
      },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  let cookie: string;
  try {
    cookie = await signUpOwner(url);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, cookie, dataDir, databaseUrl, pid: child.pid!, log, stop };
}

/** The first sign-up of a fresh install makes its owner; the REST calls below use its session. */
async function signUpOwner(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "bench@hookline.test", password: `pw-${crypto.randomUUID()}`, name: "Bench" }),
  });
  if (res.status !== 201)
    throw new Error(`sign-up of the owner failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function api<T>(app: App, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}${p}`, {
    method,
    headers: {
      cookie: app.cookie,
      origin: app.url,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * A published flow whose trigger verifies Stripe signatures with `secret`, dedupes on the event id
 * and has a rate limit far above the load, and no action nodes (the bench measures ingest; each
 * accepted delivery still queues a run that the embedded executor processes in the same process).
 */
export async function createStripeFlow(
  app: App,
  secret: string,
  opts: { paused?: boolean } = {},
): Promise<{ flowId: string; webhookUrl: string }> {
  const cred = await api<{ id: string }>(app, "POST", "/api/credentials", {
    name: "Bench Stripe signing secret",
    type: "webhook-secret",
    value: secret,
  });
  const definition = {
    schemaVersion: 1,
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        position: { x: 80, y: 160 },
        data: {
          label: "Stripe events",
          config: {
            verification: { preset: "stripe" },
            secretId: cred.id,
            dedupe: { by: "preset" },
            rateLimit: { perSecond: 100_000, burst: 1_000_000 },
          },
        },
      },
    ],
    edges: [],
  };
  const flow = await api<{ id: string }>(app, "POST", "/api/flows", { name: "Ingest bench", definition });
  const published = await api<{ webhookUrl: string }>(app, "POST", `/api/flows/${flow.id}/publish`);
  // Paused: deliveries are still verified, deduped and stored, their runs held instead of queued,
  // so the executor stays idle (a diagnostic that isolates the ingest path).
  if (opts.paused) await api(app, "POST", `/api/flows/${flow.id}/pause`, { paused: true });
  return { flowId: flow.id, webhookUrl: published.webhookUrl };
}

export type RowCounts = {
  deliveries: number;
  accepted: number;
  verdicts: Record<string, number>;
  runs: number;
  /** Runs and run requests; runs by status when the scenario ended (how far the executor got meanwhile). */
  runStatus: Record<string, number>;
  /** Run requests still waiting for the dispatcher when the scenario ended (counted in `runs` too). */
  requests: number;
  /** Group-commit transactions that wrote runs or requests: all of one batch have the batch's createdAt. */
  runBatches: number;
};

/** What the app's database holds: deliveries by verdict, runs by status, and run batches. */
export async function countRows(databaseUrl: string): Promise<RowCounts> {
  const queries = {
    verdicts: `SELECT "verdict" AS k, COUNT(*) AS n FROM "Delivery" GROUP BY "verdict"`,
    // One statement (one snapshot): a request the dispatcher turns into a run meanwhile counts once.
    status: `SELECT "status" AS k, COUNT(*) AS n FROM "Run" GROUP BY "status" UNION ALL SELECT 'requested', COUNT(*) FROM "RunRequest"`,
    batches: `SELECT 'batches' AS k, COUNT(DISTINCT t) AS n FROM (SELECT "createdAt" AS t FROM "Run" UNION ALL SELECT "createdAt" FROM "RunRequest") x`,
  };
  const run = async (sql: string): Promise<Record<string, number>> => {
    let rows: { k: unknown; n: unknown }[];
    if (databaseUrl.startsWith("file:")) {
      const db = createClient({ url: databaseUrl });
      try {
        rows = (await db.execute(sql)).rows.map((r) => ({ k: r.k, n: r.n }));
      } finally {
        db.close();
      }
    } else {
      rows = await pgQuery<{ k: string; n: string }>(databaseUrl, sql);
    }
    return Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
  };
  const verdicts = await run(queries.verdicts);
  const { requested: requests = 0, ...runStatus } = await run(queries.status);
  const batches = await run(queries.batches);
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    deliveries: sum(verdicts),
    accepted: verdicts.accepted ?? 0,
    verdicts,
    runs: sum(runStatus) + requests,
    runStatus,
    requests,
    runBatches: batches.batches ?? 0,
  };
}
