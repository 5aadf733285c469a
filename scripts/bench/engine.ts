// The `engine` bench section: how fast the embedded executor turns webhooks into completed runs,
// on SQLite and PostgreSQL. The engine (lean webhook handler + the app's Inngest endpoint + the
// dispatcher and embedded executor, one process, as in the engine process of `npm start`) runs
// from an esbuild bundle of scripts/bench/engine-server.ts on a fresh database; the flow is a
// webhook trigger and three HTTP steps to a sink in the bench process, which timestamps each call.
//   latency   webhooks at a steady low rate: webhook sent → first step's request at the sink
//             (p50/p99), and the gap between consecutive steps of a run (per-step overhead)
//   drain     10,000 deliveries stored while the flow is paused, then resumed at once: time until
//             the sink saw the last run's third step, and completed runs/s over the middle 80 %
// Run alone: npm run bench -- --only engine [--cpu-prof] [--no-write]
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { build } from "esbuild";
import { formatProfile, profilesBySize, summarizeProfile } from "./cpu-profile";
import { createDatabase, dropDatabase, pgFacts, PG_ADMIN_URL } from "./postgres";
import type { BenchOptions, Section, SectionResult } from "./types";
import {
  ROOT,
  collectOutput,
  fmt,
  fmtInt,
  foreignCpu,
  freePort,
  sleep,
  spawnTracked,
  stealNote,
  stolenCpu,
  stopChild,
  tmpDir,
  waitFor,
  waitForQuiet,
} from "./util";

const STEPS = 3;
const DRAIN_RUNS = Number(process.env.BENCH_ENGINE_DRAIN ?? 10_000);
const DRAIN_CAP_S = Number(process.env.BENCH_ENGINE_DRAIN_CAP_S ?? 180);
const LATENCY_RATE = 20; // webhooks per second in the latency phase

type Hit = { step: number; id: string; at: number };

function startSink() {
  const hits: Hit[] = [];
  const byStep = new Map<number, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.timeOrigin + performance.now();
      const step = Number(/^\/s(\d+)/.exec(req.url ?? "")?.[1] ?? 0);
      let id = "";
      try {
        id = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: string }).id ?? "");
      } catch {
        // not ours
      }
      hits.push({ step, id, at });
      byStep.set(step, (byStep.get(step) ?? 0) + 1);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.keepAliveTimeout = 65_000;
  return {
    hits,
    count: (step: number) => byStep.get(step) ?? 0,
    listen: async () => {
      const port = await freePort();
      await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
      return port;
    },
    reset: () => {
      hits.length = 0;
      byStep.clear();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function bundle(): Promise<string> {
  const dir = path.join(ROOT, "node_modules/.cache/hookline-bench");
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, "engine-server.mjs");
  await build({
    entryPoints: [path.join(ROOT, "scripts/bench/engine-server.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "@": ROOT, "server-only": path.join(ROOT, "scripts/empty-module.ts") },
    outfile,
    logLevel: "warning",
    plugins: [
      {
        // Node's ESM loader refuses directory imports (e.g. "nodemailer/lib/addressparser"): point them at the directory's index.js.
        name: "directory-imports",
        setup(b) {
          b.onResolve({ filter: /^[^./@][^:]*\/lib\/[^.]+$/ }, (args) => {
            const dir = path.join(ROOT, "node_modules", args.path);
            return fs.existsSync(path.join(dir, "index.js"))
              ? { path: `${args.path}/index.js`, external: true }
              : undefined;
          });
        },
      },
    ],
  });
  return outfile;
}

type Engine = {
  url: string;
  stop: () => Promise<void>;
  control: <T>(p: string, body?: unknown) => Promise<T>;
  log: () => string;
  cpuS: () => number | null;
};

/** CPU seconds (user + system) a process and its descendants (the steps process and its workers) have used so far (Linux), or null. */
function processCpuS(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const procs: { pid: number; ppid: number; s: number }[] = [];
    for (const p of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
      try {
        const st = fs.readFileSync(`/proc/${p}/stat`, "utf8");
        const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
        procs.push({ pid: Number(p), ppid: Number(f[1]), s: (Number(f[11]) + Number(f[12])) / 100 });
      } catch {
        // gone meanwhile
      }
    }
    const tree = new Set([pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = !!tree.add(p.pid);
    }
    return procs.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.s, 0);
  } catch {
    return null;
  }
}

async function startEngine(
  bundleFile: string,
  databaseUrl: string,
  dataDir: string,
  sinkPort: number,
  cpuProfDir?: string,
): Promise<Engine> {
  // PostgreSQL refuses to start without HOOKLINE_SECRET_KEY (lib/env.ts); a fixed key is fine for a bench.
  const secret = process.env.HOOKLINE_SECRET_KEY ?? Buffer.alloc(32, 9).toString("base64");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    HOOKLINE_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    HOOKLINE_SECRET_KEY: secret,
  };
  for (const k of [
    "INNGEST_BASE_URL",
    "INNGEST_SIGNING_KEY",
    "INNGEST_DEV",
    "INNGEST_EVENT_KEY",
    "HOOKLINE_SERVE_URL",
    "HOOKLINE_BACKGROUND",
    "NODE_OPTIONS",
  ])
    delete env[k];
  const migrate = spawnTracked(process.execPath, ["scripts/db.mjs", "deploy"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  await collectOutput(migrate, 180_000, "migrations");
  const port = await freePort();
  Object.assign(env, {
    PORT: String(port),
    HOOKLINE_EXECUTOR_PORT: String(await freePort()),
    HOOKLINE_ALLOW_HOSTS: `127.0.0.1:${sinkPort}`,
  });
  const logFile = path.join(dataDir, "engine.log");
  const fd = fs.openSync(logFile, "a");
  const args = [...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []), bundleFile];
  const child = spawnTracked(process.execPath, args, { env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  await waitFor(
    "the engine to sync",
    120_000,
    async () => (log().includes("ENGINE_READY") ? true : undefined),
    () => {
      if (child.exitCode !== null) throw new Error(`the engine exited with ${child.exitCode}:\n${log().slice(-3000)}`);
    },
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    log,
    cpuS: () => processCpuS(child.pid),
    stop: () => stopChild(child, 15_000),
    control: async <T>(p: string, body: unknown = {}) => {
      const res = await fetch(`${url}${p}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${p}: ${res.status} ${text.slice(0, 500)}`);
      return JSON.parse(text) as T;
    },
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
const sortNum = (a: number[]) => [...a].sort((x, y) => x - y);

async function post(url: string, id: string, answered?: Map<string, number>): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, type: "bench.event", data: { object: { id } } }),
  });
  await res.arrayBuffer();
  answered?.set(id, performance.timeOrigin + performance.now());
  return res.status;
}

type DbResult = {
  row: string[];
  notes: string[];
  steal: number | null;
  p50: number;
  p99: number;
  perStep: number;
  rate: number;
  drainS: number | null;
};

/** When the steps helper (scripts/steps-helper.ts) came and went during a drain, from the engine's JSON log. */
function helperEvents(log: string, since: number): string {
  const events: string[] = [];
  for (const line of log.split("\n")) {
    if (!line.includes("steps helper") && !line.includes("helper process")) continue;
    try {
      const { time, msg } = JSON.parse(line) as { time: string; msg: string };
      events.push(`${fmt((Date.parse(time) - since) / 1000)}: ${msg}`);
    } catch {
      // not a JSON line
    }
  }
  return events.length ? events.join("; ") : "none";
}

async function measureDb(
  label: string,
  databaseUrl: string,
  dataDir: string,
  bundleFile: string,
  opts: BenchOptions,
): Promise<DbResult> {
  const sink = startSink();
  const sinkPort = await sink.listen();
  const profDir = opts.cpuProf ? tmpDir("hookline-engine-prof-") : undefined;
  const engine = await startEngine(bundleFile, databaseUrl, dataDir, sinkPort, profDir);
  const notes: string[] = [];
  try {
    // ---- latency: a steady trickle, every run observed end to end
    const lat = await engine.control<{ token: string }>("/__bench/setup", {
      sinkUrl: `http://127.0.0.1:${sinkPort}`,
      steps: STEPS,
      paused: false,
    });
    const hook = `${engine.url}/api/hooks/${lat.token}`;
    const sent = new Map<string, number>();
    const answered = new Map<string, number>();
    const total = Math.max(20, Math.round(LATENCY_RATE * (opts.warmupS + opts.durationS)));
    const warm = Math.round(LATENCY_RATE * opts.warmupS);
    await waitForQuiet(5000);
    const cpuLat = foreignCpu();
    const stealLat = stolenCpu();
    const t0 = performance.now();
    const posts: Promise<number>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / LATENCY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const id = `lat-${i}`;
      sent.set(id, performance.timeOrigin + performance.now());
      posts.push(post(hook, id, answered));
    }
    const statuses = await Promise.all(posts);
    await waitFor(
      "the latency runs to finish",
      120_000,
      async () => (sink.count(STEPS) >= total ? true : undefined),
      undefined,
      100,
    ).catch(() => undefined);
    const otherLat = cpuLat();
    const stolenLat = stealLat();
    const firstBy = new Map<string, number[]>();
    for (const h of sink.hits) {
      const a = firstBy.get(h.id) ?? [];
      a[h.step] ??= h.at;
      firstBy.set(h.id, a);
    }
    const firsts: number[] = [];
    const gaps: number[] = [];
    const slowest: { ms: number; ackMs: number; atS: number }[] = [];
    const t0Abs = performance.timeOrigin + t0;
    [...sent.entries()].slice(warm).forEach(([id, at]) => {
      const s = firstBy.get(id);
      if (!s?.[1]) return;
      firsts.push(s[1] - at);
      slowest.push({ ms: s[1] - at, ackMs: (answered.get(id) ?? NaN) - at, atS: (at - t0Abs) / 1000 });
      for (let k = 2; k <= STEPS; k++) if (s[k] && s[k - 1]) gaps.push(s[k]! - s[k - 1]!);
    });
    const f = sortNum(firsts);
    const g = sortNum(gaps);
    const p50 = quantile(f, 0.5);
    const p99 = quantile(f, 0.99);
    const perStep = quantile(g, 0.5);
    notes.push(
      `${label} latency: ${total} webhooks at ${LATENCY_RATE}/s (${warm} warm-up), ${statuses.filter((s) => s === 202).length} answered 202; ${f.length} measured runs reached step 1, ` +
        `step gap p50 ${fmt(perStep)} ms p99 ${fmt(quantile(g, 0.99))} ms; other CPU ${otherLat === null ? "n/a" : otherLat.toFixed(2)}; ` +
        `slowest to step 1: ${slowest
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 3)
          .map((x) => `${fmt(x.ms)} ms (202 after ${fmt(x.ackMs)} ms, sent at +${fmt(x.atS)} s)`)
          .join(", ")}`,
    );
    sink.reset();

    // ---- drain: a burst of queued runs, released at once
    const dr = await engine.control<{ token: string; flowId: string; ws: string }>("/__bench/setup", {
      sinkUrl: `http://127.0.0.1:${sinkPort}`,
      steps: STEPS,
      paused: true,
    });
    const drainHook = `${engine.url}/api/hooks/${dr.token}`;
    let next = 0;
    let refused = 0;
    const storeStart = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < DRAIN_RUNS) if ((await post(drainHook, `drain-${next++}`)) !== 202) refused++;
      }),
    );
    notes.push(
      `${label} drain: ${fmtInt(DRAIN_RUNS)} deliveries posted in ${fmt((performance.now() - storeStart) / 1000)} s, ${fmtInt(refused)} not answered 202`,
    );
    await waitForQuiet(5000);
    const cpuDrain = foreignCpu();
    const stealDrain = stolenCpu();
    const cpu0 = engine.cpuS();
    const resumed = await engine.control<{ held: number; at: number }>("/__bench/resume", {
      ws: dr.ws,
      flowId: dr.flowId,
    });
    const start = performance.now();
    const timeline: string[] = [];
    let lastShown = 0;
    let done = 0;
    while (done < DRAIN_RUNS && performance.now() - start < DRAIN_CAP_S * 1000) {
      await sleep(250);
      done = sink.count(STEPS);
      const s = Math.floor((performance.now() - start) / 10_000);
      if (s > lastShown) {
        lastShown = s;
        timeline.push(`${s * 10}s:${done}`);
      }
    }
    const elapsedS = (performance.now() - start) / 1000;
    const otherDrain = cpuDrain();
    const stolenDrain = stealDrain();
    const cpu1 = engine.cpuS();
    // The engine's own CPU per completed run: a figure a busy machine does not distort much.
    const cpuPerRun = cpu0 !== null && cpu1 !== null && done > 0 ? ((cpu1 - cpu0) * 1000) / done : null;
    const ends = sortNum(sink.hits.filter((h) => h.step === STEPS).map((h) => h.at));
    const lo = ends[Math.floor(ends.length * 0.1)];
    const hi = ends[Math.floor(ends.length * 0.9)];
    const rate =
      lo !== undefined && hi !== undefined && hi > lo
        ? (Math.floor(ends.length * 0.9) - Math.floor(ends.length * 0.1)) / ((hi - lo) / 1000)
        : NaN;
    const drainS = done >= DRAIN_RUNS ? (ends.at(-1)! - (performance.timeOrigin + start)) / 1000 : null;
    notes.push(
      `${label} drain: resumed ${fmtInt(resumed.held)} held runs; ${fmtInt(done)} completed in ${fmt(elapsedS)} s${drainS === null ? ` (stopped at the ${DRAIN_CAP_S} s cap)` : ""}; ` +
        `completed by time: ${timeline.join(" ")}; engine CPU ${cpuPerRun === null ? "n/a" : `${fmt(cpuPerRun, 2)} ms per run (${fmt(cpu1! - cpu0!)} s in all)`}; ` +
        `other CPU ${otherDrain === null ? "n/a" : otherDrain.toFixed(2)}; steps helper (s from the resume): ${helperEvents(engine.log(), resumed.at)}`,
    );
    const counts = await engine.control<Record<string, number>>("/__bench/counts");
    notes.push(
      `${label} runs by status at the end: ${Object.entries(counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`,
    );
    const other = [otherLat, otherDrain].filter((x): x is number => x !== null);
    const steal = [stolenLat, stolenDrain].filter((x): x is number => x !== null);
    return {
      row: [
        label,
        fmt(p50),
        fmt(p99),
        fmt(perStep),
        fmt(rate, 0),
        drainS === null ? `> ${DRAIN_CAP_S} (${fmtInt(done)} done)` : fmt(drainS),
        other.length ? fmt(Math.max(...other), 2) : "–",
        steal.length ? fmt(Math.max(...steal), 2) : "–",
      ],
      steal: steal.length ? Math.max(...steal) : null,
      notes,
      p50,
      p99,
      perStep,
      rate,
      drainS,
    };
  } finally {
    await engine.stop();
    await sink.close();
    if (profDir) {
      // The engine process and the steps process it forked (which inherits --cpu-prof).
      for (const file of profilesBySize(profDir).slice(0, 2)) {
        const summary = summarizeProfile(file, 30, [
          "runJob",
          "completeJobs",
          "leaseJobs",
          "callSdk",
          "interpret",
          "runFlow",
          "recordStep",
          "handleCheckpoint",
          "bookWrite",
        ]);
        notes.push(...formatProfile(summary, path.basename(file)).map((l) => `${label} ${l}`));
      }
    }
  }
}

type Noop = {
  latency: { p50: number; p99: number };
  drainS: number;
  done: number;
  runsPerS: number;
  calls: number;
  checkpoints: number;
};

/** Diagnostic: the executor and the SDK alone (a function of three no-op steps), on a fresh database. */
async function measureNoop(
  label: string,
  databaseUrl: string,
  dataDir: string,
): Promise<{ row: string[]; note: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOOKLINE_DATA_DIR: dataDir,
    BENCH_RUNS: String(Math.min(DRAIN_RUNS, 3000)),
  };
  for (const k of ["INNGEST_BASE_URL", "INNGEST_SIGNING_KEY", "INNGEST_DEV", "INNGEST_EVENT_KEY", "NODE_OPTIONS"])
    delete env[k];
  await collectOutput(
    spawnTracked(process.execPath, ["scripts/db.mjs", "deploy"], { env, stdio: ["ignore", "pipe", "pipe"] }),
    180_000,
    "migrations",
  );
  const cpu = foreignCpu();
  const stolen = stolenCpu();
  const out = await collectOutput(
    spawnTracked(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bench/engine-noop.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    }),
    300_000,
    "engine-noop",
  );
  const other = cpu();
  const steal = stolen();
  const r = JSON.parse(out.trim().split("\n").at(-1)!) as Noop;
  return {
    row: [
      `${label}, executor + SDK only (diagnostic)`,
      fmt(r.latency.p50),
      fmt(r.latency.p99),
      "–",
      fmt(r.runsPerS, 0),
      `${fmt(r.drainS)} (${fmtInt(r.done)} runs)`,
      other === null ? "–" : fmt(other, 2),
      steal === null ? "–" : fmt(steal, 2),
    ],
    note: `${label} executor + SDK only: 3 no-op steps, ${fmtInt(r.done)} runs drained in ${fmt(r.drainS)} s with ${fmtInt(r.calls)} SDK calls and ${fmtInt(r.checkpoints)} checkpoints; latency = event sent → first step started (200 events at 50/s)`,
  };
}

async function run(opts: BenchOptions): Promise<SectionResult> {
  const bundleFile = await bundle();
  const rows: string[][] = [];
  const diag: string[][] = [];
  const notes: string[] = [];
  const results: { label: string; r: DbResult }[] = [];

  // --db sqlite|pg (one database only), when the bench runner passes it.
  const dbs = (opts as { dbs?: string[] | null }).dbs ?? ["sqlite", "pg"];
  if (dbs.includes("sqlite")) {
    const sqliteDir = tmpDir("hookline-engine-sqlite-");
    try {
      const r = await measureDb("SQLite", `file:${path.join(sqliteDir, "hookline.db")}`, sqliteDir, bundleFile, opts);
      rows.push(r.row);
      notes.push(...r.notes);
      results.push({ label: "SQLite", r });
      const noopDir = tmpDir("hookline-engine-noop-");
      try {
        const n = await measureNoop("SQLite", `file:${path.join(noopDir, "noop.db")}`, noopDir);
        diag.push(n.row);
        notes.push(n.note);
      } finally {
        fs.rmSync(noopDir, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    }
  }

  const facts = dbs.some((d) => d === "pg" || d === "postgres") ? await pgFacts() : null;
  if (facts) {
    const db = await createDatabase("hookline_engine_bench");
    const dir = tmpDir("hookline-engine-pg-");
    try {
      const r = await measureDb("PostgreSQL", db.url, dir, bundleFile, opts);
      rows.push(r.row);
      notes.push(...r.notes);
      results.push({ label: "PostgreSQL", r });
    } finally {
      await dropDatabase(db.name);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const noopDb = await createDatabase("hookline_engine_noop");
    const noopDir = tmpDir("hookline-engine-noop-");
    try {
      const n = await measureNoop("PostgreSQL", noopDb.url, noopDir);
      diag.push(n.row);
      notes.push(n.note);
    } finally {
      await dropDatabase(noopDb.name);
      fs.rmSync(noopDir, { recursive: true, force: true });
    }
    notes.unshift(facts);
  } else {
    notes.push(`PostgreSQL not reachable at ${PG_ADMIN_URL}: skipped`);
  }
  notes.push(
    `Engine: scripts/bench/engine-server.ts bundled by esbuild (lean webhook handler + /api/inngest + dispatcher + embedded executor in one process, no Next), HOOKLINE_EXECUTOR_CONCURRENCY=${process.env.HOOKLINE_EXECUTOR_CONCURRENCY ?? "default"}.`,
    `Flow: webhook trigger (no verification) → ${STEPS} HTTP POST steps to a sink in the bench process that answers 200 at once. Latency: ${LATENCY_RATE} webhooks/s; first step = sink receives step 1 minus the moment the webhook was sent; per-step overhead = median gap between consecutive steps of one run (the sink's own time is ~0).`,
    `Drain: ${fmtInt(DRAIN_RUNS)} deliveries stored while the flow was paused, then resumed at once (held → queued); runs/s = completed runs between the 10th and 90th percentile of completion times.`,
  );
  const targets = results.flatMap(({ label, r }) => [
    {
      text: `${label}: webhook → first step p50 ${fmt(r.p50)} ms (target <= 50 ms)`,
      pass: Number.isFinite(r.p50) ? r.p50 <= 50 : null,
    },
    {
      text: `${label}: webhook → first step p99 ${fmt(r.p99)} ms (target <= 200 ms)`,
      pass: Number.isFinite(r.p99) ? r.p99 <= 200 : null,
    },
    {
      text: `${label}: ${fmt(r.rate, 0)} three-step runs/s at steady state (target >= 300)`,
      pass: Number.isFinite(r.rate) ? r.rate >= 300 : null,
    },
    {
      text: `${label}: drain ${fmtInt(DRAIN_RUNS)} queued runs in ${r.drainS === null ? `> ${DRAIN_CAP_S}` : fmt(r.drainS)} s (target <= 60 s)`,
      pass: r.drainS === null ? false : r.drainS <= 60,
    },
  ]);
  return {
    table: {
      columns: [
        "db",
        "first step p50 ms",
        "first step p99 ms",
        "per-step overhead ms",
        "3-step runs/s",
        `drain ${fmtInt(DRAIN_RUNS)} s`,
        "other CPU",
        "steal",
      ],
      rows: [...rows, ...diag],
    },
    targets,
    notes: [...notes, stealNote(results.map(({ r }) => r.steal))],
  };
}

export const engine: Section = { name: "engine", title: "Engine: webhook → completed runs (embedded executor)", run };
