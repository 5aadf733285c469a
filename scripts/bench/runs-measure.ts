// Child of the runs bench (scripts/bench/runs.ts): on a seeded database (DATABASE_URL), times the
// run history's own queries in-process, as the API routes call them: the newest page across the
// workspace and of one flow, a page deep in the history (keyset cursor), filtered lists, payload
// searches (a customer id, an order number, a common value with a rare or absent status, a value
// and a filter that never meet), and the run page. Prints one JSON line.
// Needs `--conditions=react-server` (lib modules import "server-only").
import { getRun } from "../../lib/runs/get-run";
import { listRuns } from "../../lib/runs/list-runs";
import { closeDb } from "../../lib/db";
import { SEED_FLOWS, SEED_WORKSPACE, seedFacts } from "./runs-seed";

const runs = Number(process.env.BENCH_RUNS_COUNT);
const ids: string[] = JSON.parse(process.env.BENCH_RUNS_SAMPLE ?? "[]");
const iterations = Number(process.env.BENCH_RUNS_ITER ?? 200);
const DAY = 86_400_000;

const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]!;
const randomIndex = () => Math.floor(Math.random() * runs);

type Case = { name: string; run: () => Promise<unknown> };
const cases: Case[] = [
  { name: "list", run: () => listRuns(SEED_WORKSPACE, null, { limit: 25 }) },
  {
    name: "list_flow",
    run: () => listRuns(SEED_WORKSPACE, seedFacts.flowId(Math.floor(Math.random() * SEED_FLOWS)), { limit: 25 }),
  },
  { name: "list_deep", run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, cursor: pick(ids) }) },
  { name: "filter_status", run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, status: ["failed"] }) },
  {
    name: "filter_flow_status_type",
    run: () =>
      listRuns(SEED_WORKSPACE, seedFacts.flowId(Math.floor(Math.random() * SEED_FLOWS)), {
        limit: 25,
        status: ["failed"],
        eventType: "charge.failed",
      }),
  },
  {
    name: "filter_active",
    run: () =>
      listRuns(SEED_WORKSPACE, null, { limit: 25, status: ["queued", "running", "sleeping", "retrying", "cancelled"] }),
  },
  {
    name: "filter_time",
    run: () =>
      listRuns(SEED_WORKSPACE, null, {
        limit: 25,
        from: new Date(Date.now() - 7 * DAY),
        to: new Date(Date.now() - 6 * DAY),
      }),
  },
  {
    name: "search_customer",
    run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, q: seedFacts.customerOf(randomIndex()) }),
  },
  {
    name: "search_order",
    run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, q: seedFacts.orderOf(randomIndex()) }),
  },
  {
    name: "search_common_failed",
    run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, q: "usd", status: ["failed"] }),
  },
  // No run matches: a value in every run with a status no seeded run has (the status's empty list ends the search).
  {
    name: "search_common_none",
    run: () => listRuns(SEED_WORKSPACE, null, { limit: 25, q: "usd", status: ["running"] }),
  },
  // No run matches, both lists long (the event type value of 20% of the runs, another 20%'s event type): the worst page, both walks to their bound.
  {
    name: "search_disjoint",
    run: () =>
      listRuns(SEED_WORKSPACE, null, { limit: 25, q: "invoice.paid", eventType: "charge.failed", cursor: pick(ids) }),
  },
  { name: "run_page", run: () => getRun(SEED_WORKSPACE, pick(ids)) },
];

async function main() {
  const out: Record<string, { p50: number; p95: number; max: number }> = {};
  for (const c of cases) {
    for (let i = 0; i < 20; i++) await c.run(); // warm-up: connections, statement caches
    const t: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const s = performance.now();
      await c.run();
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    out[c.name] = { p50: t[Math.floor(t.length * 0.5)]!, p95: t[Math.ceil(t.length * 0.95) - 1]!, max: t.at(-1)! };
  }
  await closeDb();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
