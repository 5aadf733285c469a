// The `runs` bench section: run history speed with 10k → 1M runs (each with its delivery, steps and
// search tokens) on SQLite and PostgreSQL. For each size: a fresh database, migrations, the seeding
// script (scripts/bench/runs-seed.ts), then scripts/bench/runs-measure.ts in a child process times
// the list, filtered lists, payload search and the run page (p50/p95 over BENCH_RUNS_ITER calls).
// Targets at the largest size: lists and search p95 ≤ 100 ms, run page p95 ≤ 150 ms, and flat: the
// largest size's p95 within 2× (+5 ms) of the smallest's.
//   npm run bench -- --only runs                       (10k, 100k, 1M; the 1M seeds take minutes)
//   BENCH_RUNS_SIZES=10000,100000 npm run bench -- --only runs --no-write
import path from "node:path";
import { createDatabase, dropDatabase, pgFacts } from "./postgres";
import { seedRuns } from "./runs-seed";
import type { BenchOptions, Section, SectionResult } from "./types";
import { ROOT, collectOutput, fmt, fmtInt, spawnTracked, tmpDir } from "./util";
import { execFileSync } from "node:child_process";

const SIZES = (process.env.BENCH_RUNS_SIZES ?? "10000,100000,1000000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const LIST_CASES = [
  "list",
  "list_flow",
  "list_deep",
  "filter_status",
  "filter_flow_status_type",
  "filter_active",
  "filter_time",
  "search_customer",
  "search_order",
  "search_common_failed",
  "search_common_none",
  "search_disjoint",
];
type Measured = Record<string, { p50: number; p95: number; max: number }>;

async function measureOne(
  kind: "sqlite" | "postgres",
  runs: number,
  log: (s: string) => void,
): Promise<{ m: Measured; seedS: number }> {
  let url: string;
  let drop: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = tmpDir("hookline-runs-bench-");
    url = `file:${path.join(dir, "hookline.db")}`;
    drop = async () => (await import("node:fs")).rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await createDatabase("hookline_runs_bench");
    url = db.url;
    drop = () => dropDatabase(db.name);
  }
  try {
    execFileSync(process.execPath, ["scripts/db.mjs", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: "pipe",
    });
    const seeded = await seedRuns(url, runs, (s) => log(`  ${kind}: ${s}`));
    log(`  ${kind}: ${fmtInt(runs)} runs seeded in ${fmt(seeded.seconds)} s`);
    const sample = Array.from({ length: 200 }, () => seeded.runIds[Math.floor(Math.random() * seeded.runIds.length)]!);
    const child = spawnTracked(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/bench/runs-measure.ts"],
      {
        env: {
          ...process.env,
          DATABASE_URL: url,
          BENCH_RUNS_COUNT: String(runs),
          BENCH_RUNS_SAMPLE: JSON.stringify(sample),
          NODE_ENV: "production",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const out = await collectOutput(child, 30 * 60_000, `runs-measure (${kind}, ${runs})`);
    return { m: JSON.parse(out.trim().split("\n").at(-1)!) as Measured, seedS: seeded.seconds };
  } finally {
    await drop();
  }
}

export const runs: Section = {
  name: "runs",
  title: "Run history: lists, search and the run page from 10k to 1M runs",
  async run(opts: BenchOptions): Promise<SectionResult> {
    const dbs: ("sqlite" | "postgres")[] = ["sqlite"];
    const pgInfo = await pgFacts();
    if (pgInfo) dbs.push("postgres");
    const results: { db: string; runs: number; m: Measured; seedS: number }[] = [];
    for (const db of dbs) {
      for (const n of SIZES) {
        opts.log(`runs: ${db} with ${fmtInt(n)} runs`);
        const r = await measureOne(db, n, opts.log);
        results.push({ db, runs: n, ...r });
      }
    }
    const columns = [
      "database",
      "runs",
      "list",
      "flow list",
      "deep page",
      "failed",
      "flow+failed+type",
      "unfinished/cancelled",
      "time range",
      "search customer",
      "search order",
      "search usd+failed",
      "search usd+running (none)",
      "search disjoint",
      "run page",
      "seed s",
    ];
    const p = (m: Measured, k: string) => `${fmt(m[k]!.p50)} / ${fmt(m[k]!.p95)}`;
    const rows = results.map((r) => [
      r.db,
      fmtInt(r.runs),
      ...LIST_CASES.map((k) => p(r.m, k)),
      p(r.m, "run_page"),
      fmt(r.seedS, 0),
    ]);
    const targets = [];
    for (const db of dbs) {
      const mine = results.filter((r) => r.db === db);
      const big = mine.at(-1)!;
      const small = mine[0]!;
      const worstList = Math.max(...LIST_CASES.map((k) => big.m[k]!.p95));
      targets.push({
        text: `${db}, ${fmtInt(big.runs)} runs: every list, filtered list and payload search p95 ≤ 100 ms (worst ${fmt(worstList)} ms)`,
        pass: worstList <= 100,
      });
      targets.push({
        text: `${db}, ${fmtInt(big.runs)} runs: run page p95 ≤ 150 ms (${fmt(big.m.run_page!.p95)} ms)`,
        pass: big.m.run_page!.p95 <= 150,
      });
      if (mine.length > 1) {
        const flat = [...LIST_CASES, "run_page"].every((k) => big.m[k]!.p95 <= 2 * small.m[k]!.p95 + 5);
        targets.push({
          text: `${db}: flat from ${fmtInt(small.runs)} to ${fmtInt(big.runs)} runs (each p95 within 2× + 5 ms)`,
          pass: flat,
        });
      }
    }
    if (!pgInfo) targets.push({ text: "PostgreSQL: not reachable (BENCH_PG_URL)", pass: null });
    return {
      table: { columns, rows },
      targets,
      notes: [
        "Cells: p50 / p95 in ms, measured in-process on the library functions the API routes call (lib/runs/list-runs.ts, get-run.ts), 200 calls each after 20 warm-up calls.",
        "Seeded data: 10 flows, runs spread over 30 days (90% succeeded, 8% failed with a retried step), each with a Stripe-like delivery, 3-4 steps and ~7 search tokens.",
        "list = newest 25 across flows; deep page = 25 from a random cursor; search customer = a customer id in ~4 runs (1M); search usd+failed = a value in every run, filtered to failed runs; usd+running: no such run; disjoint = a value in 20% of the runs with another 20%'s event type, from a random cursor (no match: a page stops after its bounded walks).",
        ...(pgInfo ? [pgInfo] : []),
      ],
    };
  },
};
