// One outbound HTTP exchange through the SSRF guard (lib/net/outbound-policy.ts). The connection's
// DNS lookup is the guard's own: the addresses it checked are the ones the socket connects to.
// Redirects, when followed, are checked again hop by hop, and carry to another origin only
// headers that cannot be secrets. One deadline covers every hop and the body; the body is capped
// so a huge answer cannot fill memory or the run history.
import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import {
  BlockedDestinationError,
  checkUrl,
  defaultPolicy,
  resolveChecked,
  type OutboundPolicy,
} from "./outbound-policy";
import { NON_SECRET_HEADERS } from "./safe-headers";

export type GuardedRequest = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** 0 = return a redirect as it is. */
  maxRedirects?: number;
  maxResponseBytes?: number;
  policy?: OutboundPolicy;
  /** Aborts the exchange early (the engine's node timeout, a cancelled run). */
  signal?: AbortSignal;
};

export type GuardedResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  redirects: number;
};

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
}

export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
  readonly code = "ETIMEDOUT";
}

function guardedLookup(port: number, policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, port, policy).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? found.filter((a) => a.family === family) : found;
        if (usable.length === 0)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: "ENOTFOUND" }),
            "",
            0,
          );
        if (options.all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, "", 0),
    );
  };
}

// Keep-alive pools, one pair per policy: a pooled connection was opened through that policy's
// guarded lookup, so reusing it sends to an address the guard checked (the pool is keyed by host,
// port and TLS name, and a policy's decisions depend on nothing else). A flow that calls the same
// API on every run then skips the TCP (and TLS) handshake per step. Idle connections are closed
// after IDLE_MS, below the 5 s keep-alive of most servers (Node's default among them).
const IDLE_MS = 4_000;
const agents = new WeakMap<OutboundPolicy, { http: http.Agent; https: https.Agent }>();
function agentFor(policy: OutboundPolicy, tls: boolean): http.Agent {
  let pair = agents.get(policy);
  if (!pair) {
    const opts = {
      keepAlive: true,
      timeout: IDLE_MS,
      maxSockets: 256,
      maxFreeSockets: 64,
      scheduling: "lifo" as const,
    };
    pair = { http: new http.Agent(opts), https: new https.Agent(opts) };
    agents.set(policy, pair);
  }
  return tls ? pair.https : pair.http;
}

function once(
  url: URL,
  req: GuardedRequest,
  policy: OutboundPolicy,
  signal: AbortSignal,
  maxBytes: number,
  fresh = false,
) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
    const tls = url.protocol === "https:";
    const mod = tls ? https : http;
    const request = mod.request(url, {
      method: req.method,
      headers: req.headers,
      lookup: guardedLookup(port, policy),
      signal,
      agent: fresh ? false : agentFor(policy, tls),
    });
    const aborted = () => (signal.aborted ? new RequestTimeoutError(`timed out after ${req.timeoutMs} ms`) : undefined);
    request.on("error", (err: NodeJS.ErrnoException) => {
      // The server closed a pooled connection just as it was reused (it never saw this request):
      // send it once more on a new connection, as Node's documentation advises.
      if (request.reusedSocket && !fresh && !signal.aborted && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
        once(url, req, policy, signal, maxBytes, true).then(resolve, reject);
        return;
      }
      reject(aborted() ?? err);
    });
    request.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          res.destroy();
          reject(new ResponseTooLargeError(`The response is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
          return;
        }
        chunks.push(c);
      });
      res.on("error", (err) => reject(aborted() ?? err));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(req.body);
  });
}

const sameOrigin = (a: URL, b: URL) => a.protocol === b.protocol && a.host === b.host;

/** Sends the request; throws BlockedDestinationError for a refused destination (first hop or any redirect). */
export async function guardedRequest(req: GuardedRequest): Promise<GuardedResponse> {
  const policy = req.policy ?? defaultPolicy();
  const maxBytes = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
  let url = new URL(req.url);
  let method = req.method;
  let body = req.body;
  let headers = { ...req.headers };
  for (let redirects = 0; ; redirects++) {
    checkUrl(url, policy);
    const res = await once(url, { ...req, method, headers, body }, policy, signal, maxBytes);
    const location = res.headers.location;
    if (!(res.status >= 300 && res.status < 400 && location && redirects < (req.maxRedirects ?? 0)))
      return { ...res, url: url.href, redirects };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { ...res, url: url.href, redirects };
    }
    // As browsers do: 303 (and 301/302 after a POST) become a GET without a body; 307/308 keep both.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
    }
    // Browsers drop only Authorization on a cross-origin redirect, curl also Cookie; but a header
    // credential (X-Api-Key) or a token typed as a literal header value is just as much the first
    // origin's secret, and its name cannot tell. So only headers that cannot be secrets go on.
    if (!sameOrigin(url, next))
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => NON_SECRET_HEADERS.has(k.toLowerCase())));
    url = next;
  }
}

export { BlockedDestinationError };
