// The load generator, run as its own process (scripts/bench/load.ts spawns it) so it never shares
// an event loop with the bench's orchestration. autocannon, one POST per request, every request a
// distinct Stripe event (counter-based id, so dedupe accepts it) signed with a fresh
// Stripe-Signature, the body padded to the asked size.
//
// Each phase (warm-up, then the measured one) ends by draining: at the deadline every connection
// is told to stop after the answer it is waiting for, so no request is left unanswered and the
// 2xx count can be checked against the rows the server stored. Rates count only answers that came
// before the deadline; latencies are exact (every answer's time, not a 1 ms histogram).
//
// argv[2]: JSON LoadConfig. stdout: one JSON LoadResult.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { stripeSignature } from "./stripe-signature";
import type { LoadConfig, LoadPhase, LoadResult } from "./load";

// autocannon@9 ships no types; only what this file uses.
type AcRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest };
type AcClient = { reqsMade: number; responseMax?: number };
type AcResult = { errors: number; timeouts: number; totalRequests: number; resets: number; statusCodeStats: Record<string, { count: number }>; "2xx": number; non2xx: number };
type AcInstance = PromiseLike<AcResult> & {
  on(ev: "response", fn: (client: AcClient, status: number, bytes: number, ms: number) => void): void;
  on(ev: "start", fn: () => void): void;
};
type AcOptions = { url: string; connections: number; duration: number; timeout: number; requests: AcRequest[]; setupClient: (c: AcClient) => void };
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: AcOptions) => AcInstance;

const cfg = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;

let n = 0;
const pad = "x".repeat(cfg.bodyBytes);
let ts = 0;
let tsAt = 0;

/** A Stripe event of exactly cfg.bodyBytes bytes with a unique id. */
function event(i: number, t: number): string {
  const id = `${cfg.idPrefix}${i.toString(36)}`;
  const head =
    `{"id":"evt_${id}","object":"event","api_version":"2024-06-20","created":${t},"livemode":false,"pending_webhooks":1,` +
    `"request":{"id":null,"idempotency_key":null},"type":"payment_intent.succeeded","data":{"object":{"id":"pi_${id}",` +
    `"object":"payment_intent","amount":2000,"amount_received":2000,"currency":"usd","customer":"cus_bench","status":"succeeded","metadata":{"pad":"`;
  const tail = `"}}}}`;
  return head + pad.slice(0, Math.max(0, cfg.bodyBytes - head.length - tail.length)) + tail;
}

function setupRequest(req: AcRequest): AcRequest {
  const now = Date.now();
  if (now - tsAt > 500) {
    ts = Math.floor(now / 1000);
    tsAt = now;
  }
  const body = event(n++, ts);
  req.method = "POST";
  req.body = body;
  req.headers = {
    ...req.headers,
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    accept: "*/*; q=0.5, application/xml",
    "cache-control": "no-cache",
    "stripe-signature": stripeSignature(cfg.secret, body, ts),
  };
  return req;
}

async function phase(seconds: number, keepLatencies: boolean): Promise<LoadPhase> {
  const clients: AcClient[] = [];
  const latencies: number[] = [];
  let inWindow = 0;
  let open = true;
  let start = performance.now();
  let startedAt = Date.now();
  let endedAt = startedAt;
  let windowS = seconds;
  const url = new URL(cfg.url);
  const inst = autocannon({
    url: cfg.url,
    connections: cfg.connections,
    duration: seconds + 30, // a backstop only: the drain below ends the phase
    timeout: 10,
    requests: [{ method: "POST", path: url.pathname + url.search, setupRequest }],
    setupClient: (c) => clients.push(c),
  });
  inst.on("start", () => {
    start = performance.now();
    startedAt = Date.now();
  });
  inst.on("response", (_c, _status, _bytes, ms) => {
    if (!open) return;
    inWindow++;
    if (keepLatencies) latencies.push(ms);
  });
  const drain = setTimeout(() => {
    open = false;
    windowS = (performance.now() - start) / 1000;
    endedAt = Date.now();
    // Each connection stops after the answer it is waiting for (autocannon's own per-connection cap).
    for (const c of clients) c.responseMax = Math.max(1, c.reqsMade);
  }, seconds * 1000);
  const r = await inst;
  clearTimeout(drain);

  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    sent: r.totalRequests,
    responses,
    ok2xx: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    windowS,
    startedAt,
    endedAt,
    reqPerSec: inWindow / windowS,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    p999: pct(99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

const warmup = cfg.warmupS > 0 ? await phase(cfg.warmupS, false) : null;
const measured = await phase(cfg.durationS, true);
const result: LoadResult = { warmup, measured, events: n };
process.stdout.write(`${JSON.stringify(result)}\n`);
