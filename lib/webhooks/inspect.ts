// Everything decided about one delivery before it is written: method, limits, signature, body,
// filters, and the sender's delivery id for dedupe. Pure: the verdict and what to store.
import "server-only";
import { parseBody } from "@/lib/deliveries/parse-body";
import { readJsonPath } from "./verify/json-path";
import { deliveryEventType, deliveryIdentity, replayIdentity, verifyDelivery } from "./verify/verify";
import type { EndpointInfo } from "./load-endpoint";
import { staleCheck, type StaleCheck } from "./stale-guard";

export const MAX_HEADERS = 100;

export type Inbound = {
  method: string;
  headers: Record<string, string>;
  query: string;
  body: Uint8Array;
  /** The body was cut at the size limit (only the first bytes are kept). */
  truncated: boolean;
  sourceIp: string | null;
};

export type Verdict =
  | "accepted"
  | "sample"
  | "duplicate"
  | "filtered"
  | "rate_limited"
  | "bad_signature"
  | "stale"
  | "stale_event"
  | "malformed"
  | "too_large"
  | "bad_method"
  | "too_many_headers"
  | "not_published"
  | "config_error";

export type Inspection = {
  verdict: Verdict;
  /** HTTP status when the verdict alone decides the answer (rejections). */
  status?: number;
  reason?: string;
  identity: string | null;
  eventType: string | null;
  /** Accepted deliveries of a flow with the stale-event guard on (stale-guard.ts). */
  stale?: StaleCheck;
};

const reject = (verdict: Verdict, status: number, reason: string): Inspection => ({
  verdict,
  status,
  reason,
  identity: null,
  eventType: null,
});

export function inspect(ep: EndpointInfo, req: Inbound, now: number): Inspection {
  const t = ep.trigger;
  if (req.method !== "POST") return reject("bad_method", 405, `Method ${req.method} is not allowed; send POST`);
  if (Object.keys(req.headers).length > MAX_HEADERS)
    return reject("too_many_headers", 431, `More than ${MAX_HEADERS} headers`);
  if (req.truncated) return reject("too_large", 413, `Body larger than ${t.maxBodyKb} KB`);
  if (ep.configError) return reject("config_error", 500, `The flow's trigger settings are invalid: ${ep.configError}`);
  if (ep.kind === "live" && !ep.version)
    return reject("not_published", 409, "This flow is not published yet; publish it to accept deliveries");

  const query = new URLSearchParams(req.query);
  const verified = verifyDelivery(
    { rawBody: req.body, headers: req.headers, query },
    t.verification,
    ep.secrets,
    () => now,
  );
  if (!verified.ok) {
    // Our setup's fault, not the sender's: 500 so the sender retries until the secret is fixed.
    if (verified.reason === "no_secret") return reject("config_error", 500, verified.message);
    const stale = verified.reason === "stale_timestamp" || verified.reason === "future_timestamp";
    return reject(stale ? "stale" : "bad_signature", 401, verified.message);
  }
  return classify(ep, req);
}

/**
 * What a verified request is: malformed, a sample, filtered or accepted (with its dedupe identity
 * and event type). Re-verification (lib/deliveries/reverify.ts) applies it alone to a filtered
 * delivery whose signature was checked when it arrived.
 */
export function classify(ep: EndpointInfo, req: Inbound): Inspection {
  const t = ep.trigger;
  const parsed = parseBody(req.headers["content-type"] ?? null, req.body);
  if (parsed.kind === "error") return reject("malformed", 400, parsed.message);
  const data = parsed.kind === "raw" ? undefined : parsed.value;

  const custom =
    t.dedupe.by === "json"
      ? { jsonPath: t.dedupe.path }
      : t.dedupe.by === "header"
        ? { header: t.dedupe.header }
        : undefined;
  const identity =
    replayIdentity(t.verification, data) ??
    (t.dedupe.by === "off" ? null : deliveryIdentity({ headers: req.headers }, t.verification, data, custom));
  const eventType = deliveryEventType({ headers: req.headers }, t.verification, data);
  const base = { identity, eventType };
  if (ep.kind === "test") return { verdict: "sample", ...base };
  if (t.eventTypes.length > 0 && !(eventType && t.eventTypes.includes(eventType))) {
    return {
      verdict: "filtered",
      reason: `Event type ${eventType ?? "(none)"} is not one of ${t.eventTypes.join(", ")}`,
      ...base,
    };
  }
  const missing = t.requiredFields.filter((f) => readJsonPath(data, f) === undefined);
  if (missing.length > 0)
    return {
      verdict: "filtered",
      reason: `Missing required field${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
      ...base,
    };
  const stale = staleCheck(t.staleGuard, req.headers, data);
  return { verdict: "accepted", ...base, ...(stale ? { stale } : {}) };
}
