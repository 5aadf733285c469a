// The load generator, run as its own process (scripts/bench/load.ts spawns it) so it never shares
// an event loop with the bench's orchestration: `connections` kept-alive HTTP/1.1 connections
// (node:net), each sending one POST, waiting for its answer and sending the next; every request a
// distinct Stripe event (counter-based id, so dedupe accepts it) signed with a fresh
// Stripe-Signature, the body padded to the asked size.
//
// Hand-written rather than autocannon (which the bench used before): the generator shares the 2
// cores with the server it measures, and autocannon spent ~64 µs of CPU per request (request
// builder, parser, histograms). Against a do-nothing node:http server it topped out at ~15,600
// req/s with these requests (17,300 with one fixed request); this one reaches ~30,000, so the
// figures measure the server rather than the generator. It only needs what the bench sends and
// the servers answer: one request in flight per connection, answers with Content-Length or chunked.
//
// Each phase (warm-up, then the measured one) ends by draining: at the deadline every connection
// stops after the answer it is waiting for, so no request is left unanswered and the 2xx count can
// be checked against the rows the server stored. Rates count only answers that came before the
// deadline; latencies are exact (every answer's time, not a histogram).
//
// argv[2]: JSON LoadConfig. stdout: one JSON LoadResult.
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { LoadConfig, LoadPhase, LoadResult } from "./load";
import { stripeSignature } from "./stripe-signature";

const cfg = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const url = new URL(cfg.url);
const port = Number(url.port || 80);
const TIMEOUT_MS = 10_000;

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

const fixedHeaders =
  `POST ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json; charset=utf-8\r\n` +
  `user-agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\naccept: */*; q=0.5, application/xml\r\ncache-control: no-cache\r\n`;

/** The next request's bytes: a new event, signed as Stripe does. */
function nextRequest(): Buffer {
  const now = Date.now();
  if (now - tsAt > 500) {
    ts = Math.floor(now / 1000);
    tsAt = now;
  }
  const body = event(n++, ts);
  return Buffer.from(
    `${fixedHeaders}stripe-signature: ${stripeSignature(cfg.secret, body, ts)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

type Counts = {
  sent: number;
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  inWindow: number;
};

/**
 * Where an HTTP/1.1 answer at the start of `buf` ends (bytes), or -1 while it is incomplete.
 * Content-Length or chunked; `status` receives the status code.
 */
function answerEnd(buf: Buffer, out: { status: number; close: boolean }): number {
  const headEnd = buf.indexOf("\r\n\r\n");
  if (headEnd < 0) return -1;
  const head = buf.toString("latin1", 0, headEnd).toLowerCase();
  out.status = Number(head.slice(9, 12));
  out.close = /\r\nconnection: *close/.test(head);
  const len = /\r\ncontent-length: *(\d+)/.exec(head);
  if (len) {
    const end = headEnd + 4 + Number(len[1]);
    return buf.length >= end ? end : -1;
  }
  if (/\r\ntransfer-encoding: *chunked/.test(head)) {
    const last = buf.indexOf("\r\n0\r\n\r\n", headEnd + 2);
    return last < 0 ? -1 : last + 7;
  }
  return out.close ? -1 : headEnd + 4; // no body
}

function phase(seconds: number, keepLatencies: boolean): Promise<LoadPhase> {
  const c: Counts = {
    sent: 0,
    responses: 0,
    ok2xx: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: {},
    inWindow: 0,
  };
  const latencies: number[] = [];
  let open = true;
  const start = performance.now();
  const startedAt = Date.now();
  let windowS = seconds;
  let endedAt = startedAt;

  const connection = () =>
    new Promise<void>((resolve) => {
      let socket: net.Socket;
      let buf: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let waiting = false;
      let timer: NodeJS.Timeout | undefined;
      const parsed = { status: 0, close: false };

      const send = () => {
        if (!open) {
          socket.end();
          resolve();
          return;
        }
        waiting = true;
        c.sent++;
        sentAt = performance.now();
        timer = setTimeout(() => {
          c.timeouts++;
          fail();
        }, TIMEOUT_MS);
        socket.write(nextRequest());
      };
      const fail = () => {
        clearTimeout(timer);
        c.errors++;
        waiting = false;
        socket.destroy();
        if (open) setTimeout(connect, 10);
        else resolve();
      };
      const connect = () => {
        buf = Buffer.alloc(0);
        socket = net.connect(port, url.hostname);
        socket.setNoDelay(true);
        socket.on("connect", send);
        socket.on("error", () => waiting && fail());
        socket.on("close", () => waiting && fail());
        socket.on("data", (chunk: Buffer) => {
          buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
          const end = answerEnd(buf, parsed);
          if (end < 0) return;
          clearTimeout(timer);
          waiting = false;
          buf = buf.subarray(end);
          const ms = performance.now() - sentAt;
          c.responses++;
          c.statusCodes[parsed.status] = (c.statusCodes[parsed.status] ?? 0) + 1;
          if (parsed.status >= 200 && parsed.status < 300) c.ok2xx++;
          else c.non2xx++;
          if (open) {
            c.inWindow++;
            if (keepLatencies) latencies.push(ms);
          }
          if (parsed.close) {
            socket.destroy();
            if (open) connect();
            else resolve();
          } else send();
        });
      };
      connect();
    });

  const drain = setTimeout(() => {
    open = false;
    windowS = (performance.now() - start) / 1000;
    endedAt = Date.now();
  }, seconds * 1000);

  return Promise.all(Array.from({ length: cfg.connections }, connection)).then(() => {
    clearTimeout(drain);
    const sorted = Float64Array.from(latencies).sort();
    const pct = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
    return {
      sent: c.sent,
      responses: c.responses,
      ok2xx: c.ok2xx,
      non2xx: c.non2xx,
      errors: c.errors,
      timeouts: c.timeouts,
      statusCodes: c.statusCodes,
      windowS,
      startedAt,
      endedAt,
      reqPerSec: c.inWindow / windowS,
      p50: pct(50),
      p90: pct(90),
      p99: pct(99),
      p999: pct(99.9),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    };
  });
}

const warmup = cfg.warmupS > 0 ? await phase(cfg.warmupS, false) : null;
const measured = await phase(cfg.durationS, true);
const result: LoadResult = { warmup, measured, events: n };
process.stdout.write(`${JSON.stringify(result)}\n`);
