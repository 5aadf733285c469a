// Section "ingest": the webhook hot path against a per-request-fsync baseline that this section
// runs itself, on SQLite and on PostgreSQL.
//
// Per database and load shape: the baseline server (scripts/bench/baseline-server.ts), then the
// real app - a fresh app and database per shape, so one shape's queued runs never compete with the
// next shape's ingest, and each pair is measured close together in time. Every request is a
// distinct Stripe event with a valid Stripe-Signature; the flow verifies it, dedupes on the event
// id and rate-limits far above the load. After each run, the stored rows must equal the 2xx answers.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { countRows, createStripeFlow, ensureBuild, startApp, type RowCounts } from "./app";
import { biggestProfile, formatProfile, summarizeProfile } from "./cpu-profile";
import { cpuByRole, formatShares, type CpuShare } from "./cpu-roles";
import { allErrors, answered2xx, runLoad, type LoadConfig, type LoadResult } from "./load";
import { createDatabase, dropDatabase, pgFacts, pgQuery } from "./postgres";
import type { BaselineConfig } from "./baseline-server";
import type { BenchOptions, Section, SectionResult, Target } from "./types";
import {
  ROOT,
  fmt,
  fmtInt,
  foreignCpu,
  freePort,
  spawnTracked,
  stealNote,
  stolenCpu,
  stopChild,
  tmpDir,
  waitFor,
  waitForQuiet,
} from "./util";

type Db = "sqlite" | "pg";
type Shape = { conc: number; bodyBytes: number };
type Kind = "baseline" | "hookline" | "paused" | "lean";

/** The first shape is the one the targets are about. */
const SHAPES: Shape[] = [
  { conc: 50, bodyBytes: 1024 },
  { conc: 10, bodyBytes: 1024 },
  { conc: 50, bodyBytes: 4 * 1024 },
  { conc: 50, bodyBytes: 64 * 1024 },
];
const TARGET_RATIO: Record<Db, number> = { sqlite: 3, pg: 2.5 };
const TARGET_P99_MS = 10;
const DB_LABEL: Record<Db, string> = { sqlite: "SQLite", pg: "PostgreSQL" };
const KIND_LABEL: Record<Kind, string> = {
  baseline: "baseline: per-request fsync",
  hookline: "Hookline ingest",
  paused: "Hookline, flow paused (diagnostic)",
  lean: "lean group commit (diagnostic)",
};
/** The baseline's pg pool: pg's default, which is also what the app's Prisma pg adapter uses. */
const BASELINE_PG_POOL = 10;
const SECRET = "whsec_benchmarkSigningSecretForHooklineIngest0000";
const PROFILE_WATCH = [
  "handleNodeRequest",
  "ingest",
  "loadEndpoint",
  "readLimited",
  "inspect",
  "verifyDelivery",
  "parseBody",
  "commitDelivery",
  "flush",
  "writeBatch",
  "dispatchPending",
];

/** `otherCpu`: cores used by processes that are not the bench's during the load; `steal`: cores the hypervisor took (null = unknown). */
type Measured = { kind: Kind; db: Db; shape: Shape; load: LoadResult; otherCpu: number | null; steal: number | null };

const kb = (b: number) => `${b / 1024} KB`;
const sameShape = (a: Shape, b: Shape) => a.conc === b.conc && a.bodyBytes === b.bodyBytes;
const label = (db: Db, shape: Shape) => `${DB_LABEL[db]} c=${shape.conc} ${kb(shape.bodyBytes)}`;

/** The bench shares the machine: wait (within a budget for the whole section) for other work to calm down. */
let quietBudgetMs = 0;
async function quietGate() {
  const t0 = Date.now();
  await waitForQuiet(Math.min(10_000, quietBudgetMs));
  quietBudgetMs = Math.max(0, quietBudgetMs - (Date.now() - t0));
}

/** `cpu`: also CPU by role over the measured phase (`--diagnose`). */
async function measuredLoad(
  cfg: LoadConfig,
  cpu?: { opts: BenchOptions; dataDir: string | null; pg: { name: string; url: string } | null },
) {
  await quietGate();
  const roles = cpu ? cpuWindow(cpu.opts, cpu.dataDir, cpu.pg) : null;
  const stop = foreignCpu();
  const stolen = stolenCpu();
  const load = await runLoad(cfg);
  const otherCpu = stop();
  const shares = roles ? await roles() : null;
  return { load, otherCpu, steal: stolen(), roles: shares ? formatShares(shares, load.measured.reqPerSec) : null };
}

/**
 * CPU by role (scripts/bench/cpu-roles.ts) over the measured phase of a load started now: sampled
 * from just after the warm-up to just before the end of the load generator's phases.
 */
function cpuWindow(opts: BenchOptions, dataDir: string | null, pg: { name: string; url: string } | null) {
  let shares: Promise<CpuShare[]> | null = null;
  let end: ReturnType<typeof cpuByRole> | null = null;
  const timers = [
    setTimeout(() => (end = cpuByRole(dataDir, pg?.name ?? null)), opts.warmupS * 1000 + 300),
    setTimeout(
      () => {
        if (!end) return;
        const label = end(); // the window ends here
        // The backends' names, read while the app still holds its connections.
        const names = pg
          ? pgQuery<{ pid: number; application_name: string }>(
              pg.url,
              "SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database()",
            )
          : Promise.resolve([]);
        shares = names.then((rows) => label(new Map(rows.map((r) => [Number(r.pid), r.application_name]))));
      },
      (opts.warmupS + opts.durationS) * 1000 - 300,
    ),
  ];
  return async (): Promise<CpuShare[] | null> => {
    timers.forEach(clearTimeout);
    return shares;
  };
}

const loadConfig = (url: string, shape: Shape, opts: BenchOptions, idPrefix: string): LoadConfig => ({
  url,
  connections: shape.conc,
  bodyBytes: shape.bodyBytes,
  warmupS: opts.warmupS,
  durationS: opts.durationS,
  secret: SECRET,
  idPrefix,
});

/** The baseline server on a fresh database, for every shape of one database. */
async function startBaseline(db: Db, group = false) {
  let dbUrl: string;
  let dropDb: () => Promise<void>;
  let pgInfo: { name: string; url: string } | null = null;
  if (db === "pg") {
    const d = await createDatabase("hookline_bench_baseline");
    pgInfo = d;
    dbUrl = d.url;
    dropDb = () => dropDatabase(d.name);
  } else {
    const dir = tmpDir("hookline-bench-baseline-");
    dbUrl = `file:${path.join(dir, "baseline.db")}`;
    dropDb = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const port = await freePort();
  const cfg: BaselineConfig = { db, url: dbUrl, port, secret: SECRET, poolSize: BASELINE_PG_POOL, group };
  const child = spawnTracked(
    process.execPath,
    ["--import", "tsx", "scripts/bench/baseline-server.ts", JSON.stringify(cfg)],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-3000)));
  const stop = async () => {
    await stopChild(child, 5000);
    await dropDb().catch(() => undefined);
  };
  try {
    await waitFor(
      "the baseline server",
      30_000,
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      () => {
        if (child.exitCode !== null) throw new Error(`baseline server exited with ${child.exitCode}: ${stderr}`);
      },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const count = async () =>
    db === "pg"
      ? Number((await pgQuery<{ n: string }>(dbUrl, "SELECT COUNT(*) AS n FROM delivery"))[0]!.n)
      : await sqliteCount(dbUrl);
  return { url: `http://127.0.0.1:${port}/hooks/bench`, count, stop, pg: pgInfo };
}

async function sqliteCount(url: string): Promise<number> {
  const c = createClient({ url });
  try {
    return Number((await c.execute("SELECT COUNT(*) AS n FROM delivery")).rows[0]!.n);
  } finally {
    c.close();
  }
}

type AppRun = { run: Measured; check: string; checkOk: boolean; profile?: string[]; roles?: string };

/** A fresh app and database, one Stripe flow, one shape of load, then the bookkeeping check. */
async function hooklineRun(
  kind: "hookline" | "paused",
  db: Db,
  shape: Shape,
  idPrefix: string,
  opts: BenchOptions,
  profile: boolean,
): Promise<AppRun> {
  const pgDb = db === "pg" ? await createDatabase("hookline_bench_app") : null;
  const profileDir = profile ? tmpDir("hookline-bench-prof-") : undefined;
  try {
    const bootAt = Date.now();
    // Others may rebuild .next while the bench runs: wait for the bundle and try once more.
    const app = await startApp({ databaseUrl: pgDb?.url ?? null, cpuProfDir: profileDir }).catch(async (e: unknown) => {
      opts.log(
        `[ingest] the app did not start (${(e as Error).message.split("\n")[0]}); retrying once after the build is back`,
      );
      await ensureBuild(opts.log);
      return startApp({ databaseUrl: pgDb?.url ?? null, cpuProfDir: profileDir });
    });
    const bootS = (Date.now() - bootAt) / 1000;
    let m: Awaited<ReturnType<typeof measuredLoad>>;
    let rows: RowCounts;
    let exitedAt: number;
    try {
      const { webhookUrl } = await createStripeFlow(app, SECRET, { paused: kind === "paused" });
      m = await measuredLoad(
        loadConfig(webhookUrl, shape, opts, idPrefix),
        opts.diagnose && sameShape(shape, SHAPES[0]!) ? { opts, dataDir: app.dataDir, pg: pgDb } : undefined,
      );
      rows = await countRows(app.databaseUrl);
    } finally {
      exitedAt = await app.stop();
    }
    const ok = answered2xx(m.load);
    const errors = allErrors(m.load);
    const others = Object.entries(rows.verdicts).filter(([v]) => v !== "accepted");
    const checkOk = rows.accepted === ok && rows.deliveries === rows.accepted;
    const check =
      `${KIND_LABEL[kind]} ${label(db, shape)}: ${fmtInt(rows.accepted)} accepted Delivery rows, ${fmtInt(ok)} 2xx answers ${rows.accepted === ok ? "(equal)" : "(MISMATCH)"}` +
      `${others.length ? `; other verdicts: ${others.map(([v, n]) => `${v}=${n}`).join(", ")}` : ""}` +
      `${errors ? `; ${errors} connection errors/timeouts` : ""}; ${fmtInt(rows.runs)} runs or run requests written by ${fmtInt(rows.runBatches)} group commits ` +
      `(${fmt(rows.runs / Math.max(1, rows.runBatches))} per commit); at the end: requests waiting=${rows.requests}, runs by status: ${
        Object.entries(rows.runStatus)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || "none"
      }`;
    let profileLines: string[] | undefined;
    if (profileDir) {
      const file = biggestProfile(profileDir);
      // Only the measured phase (the profile ends when the app exits).
      const window = {
        fromEndS: (exitedAt - m.load.measured.startedAt) / 1000,
        toEndS: (exitedAt - m.load.measured.endedAt) / 1000,
      };
      profileLines = file
        ? formatProfile(summarizeProfile(file, 20, PROFILE_WATCH, window))
        : ["(no CPU profile was written)"];
      fs.rmSync(profileDir, { recursive: true, force: true });
    }
    opts.log(
      `[ingest] ${KIND_LABEL[kind]} ${label(db, shape)}: ${fmtInt(m.load.measured.reqPerSec)} req/s, p99 ${fmt(m.load.measured.p99)} ms (app ready in ${fmt(bootS)} s)`,
    );
    return {
      run: { kind, db, shape, load: m.load, otherCpu: m.otherCpu, steal: m.steal },
      check,
      checkOk,
      profile: profileLines,
      roles: m.roles ? `${KIND_LABEL[kind]} ${label(db, shape)}: ${m.roles}` : undefined,
    };
  } finally {
    if (pgDb) await dropDatabase(pgDb.name).catch(() => undefined);
  }
}

export const ingest: Section = {
  name: "ingest",
  title: "Ingest: webhook → stored delivery (hot path)",
  async run(opts): Promise<SectionResult> {
    const notes: string[] = [];
    notes.push(`App build: ${await ensureBuild(opts.log)}.`);
    const pg = await pgFacts();
    const dbs = (pg ? (["sqlite", "pg"] as Db[]) : (["sqlite"] as Db[])).filter(
      (d) => !opts.dbs || opts.dbs.includes(d),
    );
    notes.push(
      `SQLite: WAL, synchronous=FULL, files in ${os.tmpdir()} (${fsType(os.tmpdir())}). ${pg ?? "PostgreSQL was not reachable at BENCH_PG_URL: its rows are missing."}`,
    );

    quietBudgetMs = 30_000;
    const ceiling = await generatorCeiling(opts);
    opts.log(
      `[ingest] load generator against a do-nothing server: ${fmtInt(ceiling.reqPerSec)} req/s, p99 ${fmt(ceiling.p99)} ms`,
    );
    const runs: Measured[] = [];
    const checks: string[] = [];
    const baselineChecks: string[] = [];
    let allChecksOk = true;
    const profiles: string[] = [];
    const roleLines: string[] = [];
    const addAppRun = (r: AppRun) => {
      runs.push(r.run);
      checks.push(r.check);
      allChecksOk &&= r.checkOk;
      if (r.roles) roleLines.push(r.roles);
      if (r.profile)
        profiles.push(
          `${KIND_LABEL[r.run.kind]} ${label(r.run.db, r.run.shape)} (profiled: its figures are depressed by the profiler):`,
          ...r.profile,
        );
    };
    for (const db of dbs) {
      // Each shape: the baseline, then the app - close together in time, as the machine's load drifts.
      const baseline = await startBaseline(db);
      const baselineRuns: Measured[] = [];
      try {
        for (const [i, shape] of (opts.targetOnly ? SHAPES.slice(0, 1) : SHAPES).entries()) {
          const m = await measuredLoad(loadConfig(baseline.url, shape, opts, `b${db}${i}_`));
          baselineRuns.push({ kind: "baseline", db, shape, load: m.load, otherCpu: m.otherCpu, steal: m.steal });
          opts.log(
            `[ingest] ${KIND_LABEL.baseline} ${label(db, shape)}: ${fmtInt(m.load.measured.reqPerSec)} req/s, p99 ${fmt(m.load.measured.p99)} ms`,
          );
          addAppRun(await hooklineRun("hookline", db, shape, `h${db}${i}_`, opts, opts.cpuProf && i === 0));
        }
        const stored = await baseline.count();
        const ok = baselineRuns.reduce((a, r) => a + answered2xx(r.load), 0);
        baselineChecks.push(
          `${KIND_LABEL.baseline} ${DB_LABEL[db]}, all shapes: ${fmtInt(stored)} delivery rows, ${fmtInt(ok)} 2xx answers ${stored === ok ? "(equal)" : "(MISMATCH)"}`,
        );
        allChecksOk &&= stored === ok;
        runs.push(...baselineRuns);
      } finally {
        await baseline.stop();
      }
      if (opts.diagnose) {
        addAppRun(await hooklineRun("paused", db, SHAPES[0]!, `p${db}_`, opts, opts.cpuProf));
        const lean = await startBaseline(db, true);
        try {
          const m = await measuredLoad(loadConfig(lean.url, SHAPES[0]!, opts, `l${db}_`), {
            opts,
            dataDir: null,
            pg: lean.pg,
          });
          if (m.roles) roleLines.push(`${KIND_LABEL.lean} ${label(db, SHAPES[0]!)}: ${m.roles}`);
          runs.push({ kind: "lean", db, shape: SHAPES[0]!, load: m.load, otherCpu: m.otherCpu, steal: m.steal });
          opts.log(
            `[ingest] ${KIND_LABEL.lean} ${label(db, SHAPES[0]!)}: ${fmtInt(m.load.measured.reqPerSec)} req/s, p99 ${fmt(m.load.measured.p99)} ms`,
          );
          const stored = await lean.count();
          const ok = answered2xx(m.load);
          baselineChecks.push(
            `${KIND_LABEL.lean} ${DB_LABEL[db]}: ${fmtInt(stored)} delivery rows, ${fmtInt(ok)} 2xx answers ${stored === ok ? "(equal)" : "(MISMATCH)"}`,
          );
          allChecksOk &&= stored === ok;
        } finally {
          await lean.stop();
        }
      }
    }

    const baselineOf = (r: Measured) =>
      runs.find((b) => b.kind === "baseline" && b.db === r.db && sameShape(b.shape, r.shape));
    const ratio = (r: Measured) => {
      const b = baselineOf(r);
      return b ? r.load.measured.reqPerSec / b.load.measured.reqPerSec : NaN;
    };
    const kindOrder: Kind[] = ["baseline", "hookline", "paused", "lean"];
    const order = [...runs].sort(
      (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || dbs.indexOf(a.db) - dbs.indexOf(b.db),
    );
    const table = {
      columns: [
        "scenario",
        "db",
        "conc",
        "body",
        "req/s",
        "p50 ms",
        "p99 ms",
        "non-2xx",
        "ratio vs baseline",
        "other CPU",
        "steal",
      ],
      rows: order.map((r) => {
        const m = r.load.measured;
        return [
          KIND_LABEL[r.kind],
          DB_LABEL[r.db],
          String(r.shape.conc),
          kb(r.shape.bodyBytes),
          fmtInt(m.reqPerSec),
          fmt(m.p50, 2),
          fmt(m.p99, 2),
          m.errors ? `${m.non2xx} (+${m.errors} errors)` : String(m.non2xx),
          r.kind === "baseline" ? "1.00x" : `${fmt(ratio(r), 2)}x`,
          r.otherCpu === null ? "?" : fmt(r.otherCpu, 2),
          r.steal === null ? "?" : fmt(r.steal, 2),
        ];
      }),
    };

    const targets: Target[] = [];
    const target = (db: Db) => runs.find((r) => r.kind === "hookline" && r.db === db && sameShape(r.shape, SHAPES[0]!));
    for (const db of ["sqlite", "pg"] as Db[]) {
      const t = target(db);
      const x = t ? ratio(t) : NaN;
      targets.push({
        text: `${DB_LABEL[db]}: Hookline/baseline = ${t ? `${fmt(x, 2)}x` : "–"} at c=50 1 KB (target >= ${TARGET_RATIO[db]}x)`,
        pass: t ? x >= TARGET_RATIO[db] : null,
      });
    }
    for (const db of ["sqlite", "pg"] as Db[]) {
      const t = target(db);
      targets.push({
        text: `p99 at c=50 1 KB, ${DB_LABEL[db]}: ${t ? `${fmt(t.load.measured.p99, 2)} ms` : "–"} (target <= ${TARGET_P99_MS} ms)`,
        pass: t ? t.load.measured.p99 <= TARGET_P99_MS : null,
      });
    }
    const hook = runs.filter((r) => r.kind === "hookline");
    const non2xx = hook.reduce((a, r) => a + r.load.measured.non2xx + (r.load.warmup?.non2xx ?? 0), 0);
    const errors = hook.reduce((a, r) => a + allErrors(r.load), 0);
    targets.push({
      text: `non-2xx over every Hookline scenario (warm-up included): ${non2xx}${errors ? ` (+${errors} connection errors/timeouts)` : ""} (target 0)`,
      pass: hook.length ? non2xx === 0 && errors === 0 : null,
    });

    const worst = Math.max(0, ...runs.map((r) => r.otherCpu ?? 0));
    notes.push(
      `Durability bookkeeping ${allChecksOk ? "PASS" : "FAIL"}: rows stored = 2xx answers (warm-up included; each load phase drains, so every request sent is answered).`,
      ...[...baselineChecks, ...checks].map((c) => `  ${c}`),
      `Per scenario: ${opts.warmupS} s warm-up + ${opts.durationS} s measured. Load: scripts/bench/load-runner.ts in its own process on the same ${os.availableParallelism()} cores ` +
        "(kept-alive node:net connections, one request in flight each), every request a distinct Stripe event (padded to 1/4/64 KB) with a fresh valid Stripe-Signature; " +
        "req/s = answers before the deadline / window; p50/p99 exact over every measured answer.",
      `Load generator ceiling: ${fmtInt(ceiling.reqPerSec)} req/s (p99 ${fmt(ceiling.p99, 2)} ms) against a do-nothing node:http server that answers 202 after reading the body (c=50, 1 KB, 3 s).`,
      "Hookline: the built app (`node scripts/start.mjs`), a fresh app + database per scenario, a flow with only its webhook trigger (Stripe verification, dedupe on the event id, " +
        "rate limit 100k/s). Each accepted delivery queues a run, and the embedded executor runs them during the measurement, in the engine process " +
        "(a child of the web server at nice 19, with its own database connections; the web process answers webhooks).",
      `Baseline: scripts/bench/baseline-server.ts: node:http, same signature check, one transaction (dedupe claim + insert) per request, answered after its commit; pg pool of ${BASELINE_PG_POOL}.`,
      ...(opts.diagnose
        ? [
            "Diagnostics: flow paused = the same app with the flow paused (each delivery stored with a held run, the engine idle). " +
              "Lean group commit = the baseline server with group commit (the reference the issue describes): the same Stripe check, two tables " +
              "(delivery, dedupe key), one transaction per event-loop turn of deliveries, answered after its commit; PostgreSQL one statement per batch " +
              "with 4 batches in flight on their own connections, SQLite a worker-thread writer whose queued batches join the next commit.",
          ]
        : []),
      `"other CPU" = cores used by processes that are not the bench's during the scenario: ${worst > 0.25 ? "WARNING: the machine was busy with other work, the figures are depressed and noisy" : "the machine was quiet"}.`,
      stealNote(runs.map((r) => r.steal)),
    );
    if (roleLines.length) {
      notes.push(
        "CPU per answered request by role (diagnostic; µs of CPU over the measured phase / requests answered in it, /proc; the web process split into its main thread and its other threads, the SQLite writer among them):",
        ...roleLines.map((l) => `  ${l}`),
      );
    }
    if (profiles.length) notes.push(...profiles);
    return { table, targets, notes };
  },
};

/** What the load generator reaches against a server that does nothing: the bench's own ceiling. */
async function generatorCeiling(opts: BenchOptions) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(202, { "content-type": "application/json", "content-length": 17 });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await quietGate();
    const { port } = server.address() as { port: number };
    const load = await runLoad({
      ...loadConfig(`http://127.0.0.1:${port}/`, SHAPES[0]!, opts, "ceiling_"),
      warmupS: 1,
      durationS: 3,
    });
    return load.measured;
  } finally {
    server.close();
  }
}

function fsType(dir: string): string {
  try {
    const mounts = fs
      .readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((l) => l.split(" "));
    const real = fs.realpathSync(dir);
    let best: string[] | undefined;
    for (const m of mounts) if (m[1] && real.startsWith(m[1]) && (!best || m[1].length > best[1]!.length)) best = m;
    return best ? `${best[2]} on ${best[0]}` : "unknown filesystem";
  } catch {
    return "unknown filesystem";
  }
}
