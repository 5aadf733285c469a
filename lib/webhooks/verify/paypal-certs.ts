import "server-only";
// PayPal's signing certificates, fetched from the URL a delivery names in PAYPAL-CERT-URL. That
// URL comes from whoever sent the request, so only https URLs on PayPal's own API hosts under
// /v1/notifications/certs/ are ever fetched (anything else fails verification without a
// request), through the SSRF-guarded client, without redirects, with a small size cap. A
// certificate is kept in this process for a day (a cache, not state: a miss only fetches again).
// The trust anchor is TLS to PayPal's host; the certificate's own dates are checked too.
import { X509Certificate } from "node:crypto";
import { guardedRequest } from "@/lib/net/guarded-request";

const HOSTS = new Set(["api.paypal.com", "api.sandbox.paypal.com", "api-m.paypal.com", "api-m.sandbox.paypal.com"]);
const PATH = "/v1/notifications/certs/";
const TTL_MS = 24 * 3_600_000;
const MAX_ENTRIES = 100;

type Entry = { at: number; pem: string };
const g = globalThis as unknown as {
  __hooklinePaypalCerts?: Map<string, Entry>;
  __hooklinePaypalFetches?: Map<string, Promise<void>>;
  __hooklinePaypalFailures?: Map<string, number>;
};
const cache = (g.__hooklinePaypalCerts ??= new Map());
// Fetches under way, by URL: deliveries naming the same certificate wait for one fetch, and a
// flood of made-up certificate paths (the URL comes from the request) starts at most this many.
const inFlight = (g.__hooklinePaypalFetches ??= new Map());
const MAX_IN_FLIGHT = 4;
// URLs whose fetch failed, and when (a cache only: another instance may fetch them again).
const failed = (g.__hooklinePaypalFailures ??= new Map());
const FAILED_TTL_MS = 10 * 60_000;

/** Why a certificate URL is refused, or null when it may be fetched. */
export function paypalCertUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "PAYPAL-CERT-URL is not a URL";
  }
  if (url.protocol !== "https:" || url.port !== "" || url.username || url.password)
    return "PAYPAL-CERT-URL must be a plain https URL";
  if (!HOSTS.has(url.hostname)) return `PAYPAL-CERT-URL host ${url.hostname} is not PayPal's`;
  if (!url.pathname.startsWith(PATH) || url.search) return "PAYPAL-CERT-URL is not a PayPal certificate path";
  return null;
}

/** The cached certificate (PEM) for a URL, if fetched within the last day. */
export function cachedPaypalCert(url: string, now = Date.now()): string | undefined {
  const hit = cache.get(url);
  return hit && now - hit.at < TTL_MS ? hit.pem : undefined;
}

/** Tests, and a fetch that just succeeded. */
export function rememberPaypalCert(url: string, pem: string, now = Date.now()) {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(url, { at: now, pem });
}

/**
 * Makes sure the certificate a delivery names is cached before the (synchronous) verifier runs.
 * Never throws: a refused URL or a failed fetch leaves the cache empty, and the verifier says why.
 */
export function fetchPaypalCert(url: string | undefined, now = Date.now()): Promise<void> {
  if (!url || paypalCertUrlProblem(url) || cachedPaypalCert(url, now)) return Promise.resolve();
  // A URL that failed lately is not fetched again: made-up certificate paths cannot keep the
  // fetch slots busy (and genuine certificates waiting) by repeating themselves.
  const failedAt = failed.get(url);
  if (failedAt !== undefined && now - failedAt < FAILED_TTL_MS) return Promise.resolve();
  const running = inFlight.get(url);
  if (running) return running;
  if (inFlight.size >= MAX_IN_FLIGHT) return Promise.resolve(); // the verifier reports no certificate
  const fetching = download(url, now).finally(() => inFlight.delete(url));
  inFlight.set(url, fetching);
  return fetching;
}

async function download(url: string, now: number): Promise<void> {
  try {
    const res = await guardedRequest({
      method: "GET",
      url,
      timeoutMs: 5000,
      maxRedirects: 0,
      maxResponseBytes: 64 * 1024,
    });
    if (res.status === 200) {
      const pem = res.body.toString("utf8");
      const cert = new X509Certificate(pem);
      if (Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) >= now)
        return rememberPaypalCert(url, pem, now);
    }
  } catch {
    // unreachable or not a certificate: the verifier reports the missing certificate
  }
  if (failed.size >= MAX_ENTRIES) failed.clear();
  failed.set(url, now);
}
