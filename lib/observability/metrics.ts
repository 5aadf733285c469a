// The web process's Prometheus registry (prom-client), served by GET /api/metrics. Two kinds of
// figures live in it:
//
// - Counted in this process, on the ingest path (every instance counts its own; sum them across
//   instances): deliveries by verdict, the ingest latency from a request's start to its answer, and
//   the size of each group commit. Counting costs a label lookup and an addition per delivery; no
//   log line is written per delivery (lib/observability/log.ts).
// - Read from the database at scrape time (database-gauges.ts): runs by status, steps by node kind,
//   the executor's backlog and lag, run requests waiting, the lease holder. The database is shared,
//   so every instance reports the same values for these: aggregate them with max(), not sum().
//
// One registry per process, on globalThis: the custom server's bundle (scripts/server.ts, where
// the lean webhook handler counts) and Next's route bundle (which serves the scrape) each load their
// own copy of these modules, and both must reach the same counters.
import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { Verdict } from "@/lib/webhooks/inspect";
import { databaseGauges, type DatabaseGauges } from "./database-gauges";

// Every verdict of the request log (lib/webhooks/inspect.ts), so each series exists from the start
// (a counter that appears at its first increment loses that increment to rate()).
const VERDICTS: Record<Verdict, true> = {
  accepted: true,
  sample: true,
  duplicate: true,
  filtered: true,
  rate_limited: true,
  bad_signature: true,
  stale: true,
  stale_event: true,
  malformed: true,
  too_large: true,
  bad_method: true,
  too_many_headers: true,
  not_published: true,
  config_error: true,
};

export type Metrics = {
  registry: Registry;
  deliveries: Counter<"verdict">;
  deliveriesNotStored: Counter;
  ingestSeconds: Histogram;
  groupCommitSize: Histogram;
  database: DatabaseGauges;
};

const g = globalThis as unknown as { __hooklineMetrics?: Metrics };

/** This process's registry and instruments, made at first use (the web process: ingest or a scrape). */
export function metrics(): Metrics {
  return (g.__hooklineMetrics ??= create());
}

function create(): Metrics {
  const registry = new Registry();
  // CPU, memory, event-loop lag, GC and handles of the web process (the one that answers senders).
  collectDefaultMetrics({ register: registry, prefix: "hookline_web_" });
  const deliveries = new Counter({
    name: "hookline_deliveries_total",
    help: "Webhook deliveries stored, by verdict (as in the request log: accepted, duplicate, bad_signature, ...), counted by this instance",
    labelNames: ["verdict"] as const,
    registers: [registry],
  });
  for (const v of Object.keys(VERDICTS)) deliveries.labels(v).inc(0);
  const deliveriesNotStored = new Counter({
    name: "hookline_deliveries_not_stored_total",
    help: "Rejected webhook requests past a rejection budget: answered 429, only counted, not stored (HOOKLINE_REJECTED_*)",
    registers: [registry],
  });
  const ingestSeconds = new Histogram({
    name: "hookline_ingest_duration_seconds",
    help: "Webhook requests from their start to the answer (body read, verified, stored with an fsync, answered), in seconds",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const groupCommitSize = new Histogram({
    name: "hookline_group_commit_batch_size",
    help: "Deliveries written per group commit (one transaction, one fsync)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [registry],
  });
  return {
    registry,
    deliveries,
    deliveriesNotStored,
    ingestSeconds,
    groupCommitSize,
    database: databaseGauges(registry),
  };
}

// Children by verdict, so the hot path does not hash its label set on every delivery.
const byVerdict = new Map<string, Counter.Internal>();

/** A delivery was answered after its commit: stored with `verdict`, or (past a budget) not stored. */
export function countDelivery(verdict: Verdict, stored: boolean) {
  const m = metrics();
  if (!stored) return m.deliveriesNotStored.inc();
  let child = byVerdict.get(verdict);
  if (!child) byVerdict.set(verdict, (child = m.deliveries.labels(verdict)));
  child.inc();
}

/** A webhook request was answered `seconds` after it started. */
export const observeIngest = (seconds: number) => metrics().ingestSeconds.observe(seconds);

/** A group commit wrote `size` deliveries in one transaction. */
export const observeGroupCommit = (size: number) => metrics().groupCommitSize.observe(size);

/** The scrape: database gauges refreshed, then every metric in Prometheus's text format. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  const m = metrics();
  await m.database.refresh();
  return { contentType: m.registry.contentType, text: await m.registry.metrics() };
}
