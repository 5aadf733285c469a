// Section "ingest": the webhook hot path against a per-request-fsync baseline that this section
// runs itself, on SQLite and on PostgreSQL.
//
// Per database: the baseline server (scripts/bench/baseline-server.ts) at every load shape, then
// the real app at every load shape - a fresh app and database per shape, so one shape's queued
// runs never compete with the next shape's ingest. Every request is a distinct Stripe event with
// a valid Stripe-Signature; the flow verifies it, dedupes on the event id and rate-limits far above
// the load. After each app run, the accepted Delivery rows must equal the 2xx answers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { countRows, createStripeFlow, ensureBuild, startApp } from "./app";
import { biggestProfile, formatProfile, summarizeProfile } from "./cpu-profile";
import { allErrors, answered2xx, runLoad, type LoadConfig, type LoadResult } from "./load";
import { createDatabase, dropDatabase, pgFacts, pgQuery } from "./postgres";
import type { BaselineConfig } from "./baseline-server";
import type { BenchOptions, Section, SectionResult, Target } from "./types";
import { ROOT, fmt, fmtInt, foreignCpu, freePort, spawnTracked, stopChild, tmpDir, waitFor, waitForQuiet } from "./util";

type Db = "sqlite" | "pg";
type Shape = { conc: number; bodyBytes: number };

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
/** The baseline's pg pool: pg's default, which is also what the app's Prisma pg adapter uses. */
const BASELINE_PG_POOL = 10;
const SECRET = "whsec_benchmarkSigningSecretForHooklineIngest0000";

/** `otherCpu`: cores used by processes that are not the bench's during the load (null = unknown). */
type Measured = { kind: "baseline" | "hookline"; db: Db; shape: Shape; load: LoadResult; otherCpu: number | null };

/** The bench shares the machine: wait (within a budget for the whole section) for other work to calm down. */
let quietBudgetMs = 0;
async function quietGate() {
  const t0 = Date.now();
  await waitForQuiet(Math.min(15_000, quietBudgetMs));
  quietBudgetMs = Math.max(0, quietBudgetMs - (Date.now() - t0));
}

async function measuredLoad(cfg: LoadConfig): Promise<{ load: LoadResult; otherCpu: number | null }> {
  await quietGate();
  const stop = foreignCpu();
  const load = await runLoad(cfg);
  return { load, otherCpu: stop() };
}

const kb = (b: number) => `${b / 1024} KB`;
const sameShape = (a: Shape, b: Shape) => a.conc === b.conc && a.bodyBytes === b.bodyBytes;

async function baselineRuns(db: Db, opts: BenchOptions): Promise<{ runs: Measured[]; check: string }> {
  let dbUrl: string;
  let cleanup: () => Promise<void>;
  if (db === "pg") {
    const d = await createDatabase("hookline_bench_baseline");
    dbUrl = d.url;
    cleanup = () => dropDatabase(d.name);
  } else {
    const dir = tmpDir("hookline-bench-baseline-");
    dbUrl = `file:${path.join(dir, "baseline.db")}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const port = await freePort();
  const cfg: BaselineConfig = { db, url: dbUrl, port, secret: SECRET, poolSize: BASELINE_PG_POOL };
  const child = spawnTracked(process.execPath, ["--import", "tsx", "scripts/bench/baseline-server.ts", JSON.stringify(cfg)], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-3000)));
  const runs: Measured[] = [];
  try {
    await waitFor("the baseline server", 30_000, async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), () => {
      if (child.exitCode !== null) throw new Error(`baseline server exited with ${child.exitCode}: ${stderr}`);
    });
    for (const [i, shape] of SHAPES.entries()) {
      const { load, otherCpu } = await measuredLoad({ url: `http://127.0.0.1:${port}/hook`, connections: shape.conc, bodyBytes: shape.bodyBytes, warmupS: opts.warmupS, durationS: opts.durationS, secret: SECRET, idPrefix: `b${db}${i}_` });
      runs.push({ kind: "baseline", db, shape, load, otherCpu });
      opts.log(`[ingest] baseline ${db} c=${shape.conc} ${kb(shape.bodyBytes)}: ${fmtInt(load.measured.reqPerSec)} req/s, p99 ${fmt(load.measured.p99)} ms`);
    }
    const stored = db === "pg" ? Number((await pgQuery<{ n: string }>(dbUrl, "SELECT COUNT(*) AS n FROM delivery"))[0]!.n) : await sqliteCount(dbUrl);
    const ok = runs.reduce((a, r) => a + answered2xx(r.load), 0);
    return { runs, check: `baseline ${DB_LABEL[db]}: ${fmtInt(stored)} delivery rows, ${fmtInt(ok)} 2xx answers ${stored === ok ? "(equal)" : "(MISMATCH)"}` };
  } finally {
    await stopChild(child, 5000);
    await cleanup().catch(() => undefined);
  }
}

async function sqliteCount(url: string): Promise<number> {
  const c = createClient({ url });
  try {
    return Number((await c.execute("SELECT COUNT(*) AS n FROM delivery")).rows[0]!.n);
  } finally {
    c.close();
  }
}

type AppRun = { run: Measured; check: string; checkOk: boolean; profile?: string[] };

async function hooklineRun(db: Db, shape: Shape, i: number, opts: BenchOptions): Promise<AppRun> {
  const pgDb = db === "pg" ? await createDatabase("hookline_bench_app") : null;
  const profileDir = opts.cpuProf && i === 0 ? tmpDir("hookline-bench-prof-") : undefined;
  try {
    const app = await startApp({ databaseUrl: pgDb?.url ?? null, cpuProfDir: profileDir });
    let load: LoadResult;
    let otherCpu: number | null;
    let check: string;
    let checkOk: boolean;
    try {
      const { webhookUrl } = await createStripeFlow(app, SECRET);
      ({ load, otherCpu } = await measuredLoad({ url: webhookUrl, connections: shape.conc, bodyBytes: shape.bodyBytes, warmupS: opts.warmupS, durationS: opts.durationS, secret: SECRET, idPrefix: `h${db}${i}_` }));
      const rows = await countRows(app.databaseUrl);
      const ok = answered2xx(load);
      const errors = allErrors(load);
      checkOk = rows.accepted === ok && rows.deliveries === rows.accepted;
      const others = Object.entries(rows.verdicts).filter(([v]) => v !== "accepted");
      check =
        `Hookline ${DB_LABEL[db]} c=${shape.conc} ${kb(shape.bodyBytes)}: ${fmtInt(rows.accepted)} accepted Delivery rows, ${fmtInt(ok)} 2xx answers ` +
        `${rows.accepted === ok ? "(equal)" : "(MISMATCH)"}` +
        `${others.length ? `; other verdicts: ${others.map(([v, n]) => `${v}=${n}`).join(", ")}` : ""}` +
        `${errors ? `; ${errors} connection errors/timeouts` : ""}; ${fmtInt(rows.runs)} runs in ${fmtInt(rows.runBatches)} group commits ` +
        `(${fmt(rows.runs / Math.max(1, rows.runBatches))} per commit), by status at the end: ${Object.entries(rows.runStatus).map(([k, v]) => `${k}=${v}`).join(", ")}`;
    } finally {
      await app.stop();
    }
    let profile: string[] | undefined;
    if (profileDir) {
      const file = biggestProfile(profileDir);
      const watch = ["handleNodeRequest", "ingest", "loadEndpoint", "readLimited", "inspect", "verifyDelivery", "parseBody", "commitDelivery", "flush", "writeBatch", "insertRows", "claimDedupeKeys", "takeRateTokens", "dispatchPending", "send", "tick", "callSdk"];
      profile = file ? formatProfile(summarizeProfile(file, 20, watch)) : ["(no CPU profile was written)"];
      fs.rmSync(profileDir, { recursive: true, force: true });
    }
    const run: Measured = { kind: "hookline", db, shape, load, otherCpu };
    opts.log(`[ingest] Hookline ${db} c=${shape.conc} ${kb(shape.bodyBytes)}: ${fmtInt(load.measured.reqPerSec)} req/s, p99 ${fmt(load.measured.p99)} ms`);
    return { run, check, checkOk, profile };
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
    const dbs: Db[] = pg ? ["sqlite", "pg"] : ["sqlite"];
    if (pg) notes.push(`${pg}; SQLite: WAL, synchronous=FULL, file in ${os.tmpdir()} (${fsType(os.tmpdir())}).`);
    else notes.push("PostgreSQL was not reachable at BENCH_PG_URL: its rows are missing.");

    quietBudgetMs = 90_000;
    const runs: Measured[] = [];
    const checks: string[] = [];
    let allChecksOk = true;
    const profiles: string[] = [];
    for (const db of dbs) {
      const b = await baselineRuns(db, opts);
      runs.push(...b.runs);
      checks.push(b.check);
      if (b.check.includes("MISMATCH")) allChecksOk = false;
      for (const [i, shape] of SHAPES.entries()) {
        const r = await hooklineRun(db, shape, i, opts);
        runs.push(r.run);
        checks.push(r.check);
        allChecksOk &&= r.checkOk;
        if (r.profile) profiles.push(`${DB_LABEL[db]} c=${shape.conc} ${kb(shape.bodyBytes)} (profiled run; its figures are perturbed by the profiler):`, ...r.profile);
      }
    }

    const baselineOf = (r: Measured) => runs.find((b) => b.kind === "baseline" && b.db === r.db && sameShape(b.shape, r.shape));
    const ratio = (r: Measured) => {
      const b = baselineOf(r);
      return b ? r.load.measured.reqPerSec / b.load.measured.reqPerSec : NaN;
    };
    const order = [...runs].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "baseline" ? -1 : 1));
    const table = {
      columns: ["scenario", "db", "conc", "body", "req/s", "p50 ms", "p99 ms", "non-2xx", "ratio vs baseline"],
      rows: order.map((r) => {
        const m = r.load.measured;
        const bad = m.non2xx + m.errors;
        return [
          r.kind === "baseline" ? "baseline: per-request fsync" : "Hookline ingest",
          DB_LABEL[r.db],
          String(r.shape.conc),
          kb(r.shape.bodyBytes),
          fmtInt(m.reqPerSec),
          fmt(m.p50, 2),
          fmt(m.p99, 2),
          m.errors ? `${m.non2xx} (+${m.errors} errors)` : String(bad),
          r.kind === "baseline" ? "1.00x" : `${fmt(ratio(r), 2)}x`,
        ];
      }),
    };

    const targets: Target[] = [];
    const target = (db: Db) => runs.find((r) => r.kind === "hookline" && r.db === db && sameShape(r.shape, SHAPES[0]!));
    for (const db of ["sqlite", "pg"] as Db[]) {
      const t = target(db);
      const x = t ? ratio(t) : NaN;
      targets.push({ text: `${DB_LABEL[db]}: Hookline/baseline = ${t ? `${fmt(x, 2)}x` : "–"} at c=50 1 KB (target >= ${TARGET_RATIO[db]}x)`, pass: t ? x >= TARGET_RATIO[db] : null });
    }
    for (const db of ["sqlite", "pg"] as Db[]) {
      const t = target(db);
      targets.push({ text: `p99 at c=50 1 KB, ${DB_LABEL[db]}: ${t ? `${fmt(t.load.measured.p99, 2)} ms` : "–"} (target <= ${TARGET_P99_MS} ms)`, pass: t ? t.load.measured.p99 <= TARGET_P99_MS : null });
    }
    const hook = runs.filter((r) => r.kind === "hookline");
    const non2xx = hook.reduce((a, r) => a + r.load.measured.non2xx + (r.load.warmup?.non2xx ?? 0), 0);
    const errors = hook.reduce((a, r) => a + allErrors(r.load), 0);
    targets.push({ text: `non-2xx over every Hookline scenario: ${non2xx}${errors ? ` (+${errors} connection errors/timeouts)` : ""} (target 0)`, pass: hook.length ? non2xx === 0 && errors === 0 : null });

    notes.push(
      `Durability bookkeeping (${allChecksOk ? "PASS" : "FAIL"}): rows stored vs 2xx answers, warm-up included; each load phase drains (every request sent is answered) before counting.`,
      ...checks.map((c) => `  ${c}`),
      `How: per scenario ${opts.warmupS} s warm-up + ${opts.durationS} s measured; autocannon in its own process on the same ${os.availableParallelism()} cores; ` +
        "req/s = answers before the deadline / window; p50/p99 exact over every measured answer. Every request is a distinct Stripe event (1/4/64 KB body) with a fresh valid Stripe-Signature.",
      "Hookline: the built app (`node scripts/start.mjs`), a fresh app + database per scenario, flow = webhook trigger only (Stripe verification, dedupe on the event id, rate limit 100k/s); " +
        "the embedded executor runs the queued runs in the same process during the measurement.",
      `Baseline: scripts/bench/baseline-server.ts, same verification, one transaction (dedupe claim + insert) per request; pg pool of ${BASELINE_PG_POOL}.`,
    );
    const other = runs.map((r) => r.otherCpu).filter((c): c is number => c !== null);
    if (other.length) {
      const worst = Math.max(...other);
      notes.push(
        `CPU used by other processes during each scenario, in cores of ${os.availableParallelism()} (${worst > 0.25 ? "WARNING: the machine was not quiet, the figures are depressed" : "quiet enough"}): ` +
          order.map((r) => `${r.kind === "baseline" ? "b" : "H"}/${r.db}/c${r.shape.conc}/${kb(r.shape.bodyBytes).replace(" ", "")} ${r.otherCpu === null ? "?" : fmt(r.otherCpu, 2)}`).join(", "),
      );
    }
    if (profiles.length) notes.push(...profiles);
    return { table, targets, notes };
  },
};

function fsType(dir: string): string {
  try {
    const mounts = fs.readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" "));
    const real = fs.realpathSync(dir);
    let best: string[] | undefined;
    for (const m of mounts) if (m[1] && real.startsWith(m[1]) && (!best || m[1].length > best[1]!.length)) best = m;
    return best ? `${best[2]} on ${best[0]}` : "unknown filesystem";
  } catch {
    return "unknown filesystem";
  }
}
