// The inbound webhook path, independent of the HTTP server that carries it: find the endpoint,
// read the body within its limit, decide the verdict, store the delivery (and its run request)
// with group commit, and only then answer. The flow never runs inside the request: the
// dispatcher creates the run from its request and hands it to the executor afterwards.
import "server-only";
import { resolveString } from "@/lib/flows/template";
import { newId } from "@/lib/ids";
import { countDelivery } from "@/lib/observability/metrics";
import { kickRuns } from "@/lib/runs/engine-link";
import { servedAnswerType } from "./answer-types";
import type { Committed, Pending } from "./batch-types";
import { commitDelivery } from "./group-commit";
import { inspect, type Inbound, type Inspection } from "./inspect";
import { prepareVerification } from "./verify/verify";
import { loadEndpoint, type EndpointInfo, type SecretSource } from "./load-endpoint";
import { redactQueryNames, storedHeaders } from "./redact";
import { sealVerificationInputs } from "./seal-verification";
import {
  cutNote,
  isBudgeted,
  isRejection,
  REJECTED_BODY_BYTES,
  rejectBudget,
  storedRejectedBody,
} from "./reject-budget";

export type IngestRequest = {
  token: string;
  kind: "live" | "test";
  method: string;
  headers: Record<string, string>;
  query: string;
  sourceIp: string | null;
  /** Reads the body, keeping at most `limit` bytes (truncated = there was more). */
  readBody: (limit: number) => Promise<{ body: Uint8Array; truncated: boolean }>;
};

export type IngestAnswer = { status: number; headers?: Record<string, string>; body: string; contentType: string };

const json = (status: number, body: unknown, headers?: Record<string, string>): IngestAnswer => ({
  status,
  body: JSON.stringify(body),
  contentType: "application/json",
  headers,
});
const error = (status: number, code: string, message: string, id?: string) =>
  json(status, { error: { code, message }, ...(id ? { id } : {}) });

export async function ingest(req: IngestRequest, secretsOf: SecretSource, now = Date.now()): Promise<IngestAnswer> {
  const ep = await loadEndpoint(req.token, secretsOf, now);
  if (!ep || ep.kind !== req.kind) return error(404, "not_found", "Unknown webhook URL");
  if (ep.revoked)
    return error(410, "gone", "This webhook URL was replaced by a new one; copy the current URL from Hookline");
  // Before the body is read: an archived flow stores nothing and spends no rejection budget.
  if (ep.archived) return error(410, "gone", "This flow is archived; it takes no deliveries until it is unarchived");

  const { body, truncated } = await req.readBody(ep.trigger.maxBodyKb * 1024);
  const inbound: Inbound = {
    method: req.method,
    headers: req.headers,
    query: req.query,
    body,
    truncated,
    sourceIp: req.sourceIp,
  };
  // PayPal's certificate is fetched (once, then cached) before the synchronous verifier runs.
  const preparing = prepareVerification(ep.trigger.verification, req.headers);
  if (preparing) await preparing;
  const seen = inspect(ep, inbound, now);
  const item = pending(ep, inbound, seen, now);
  const committed = await commitDelivery(item);
  countDelivery(committed.verdict, !committed.dropped);
  if (!committed.dropped) await sealVerificationInputs(item.row.id, committed.verdict, ep, inbound, item.row.query);
  // A held run (paused flow) waits for the resume, which dispatches it: no kick.
  if (committed.requested || (committed.runId && !item.run?.held)) kickRuns();
  return answer(ep, seen, committed, item.row.id);
}

const NOTHING = new Uint8Array(0);

/**
 * How long a delivery's dedupe key is kept: the flow's window, and never shorter than the
 * signature's tolerance (a replay token must stay spent for as long as its signature verifies).
 */
function dedupeWindowMs(t: EndpointInfo["trigger"]): number {
  const tolerance = "toleranceSeconds" in t.verification ? t.verification.toleranceSeconds : 0;
  return Math.max(t.dedupe.windowHours * 3_600_000, tolerance * 1000);
}

function pending(ep: EndpointInfo, req: Inbound, seen: Inspection, now: number): Pending {
  const id = newId("dlv");
  const startsRun = seen.verdict === "accepted";
  // What an outsider can make us store is bounded: a rejection (or a test-URL sample) counts
  // against the address's and the flow's budgets (reject-budget.ts), a rejection keeps only the
  // start of its body, and a request that is not a POST (a browser opening the URL, its session
  // cookie attached) keeps nothing of it.
  // A filtered delivery keeps only the start of its body too: without verification anyone with the
  // URL can send them, and they never reach the token bucket. So does one the writer makes a
  // duplicate (its original is stored whole) or rate_limited (its sender retries): `cut`.
  const budgeted = isBudgeted(seen.verdict);
  const bare = seen.verdict === "bad_method";
  const kept =
    (isRejection(seen.verdict) || seen.verdict === "filtered") && !bare
      ? storedRejectedBody(req.body, seen.reason)
      : { body: bare ? NOTHING : req.body, reason: seen.reason };
  return {
    row: {
      id,
      workspaceId: ep.workspaceId,
      flowId: ep.flowId,
      endpointId: ep.id,
      kind: ep.kind,
      method: req.method,
      // Verified already (inspect saw the raw values); the stored copy follows the header policy.
      query: redactQueryNames(ep.queryPolicy, req.query),
      headers: bare ? "{}" : JSON.stringify(storedHeaders(ep.headerPolicy, req.headers)),
      body: kept.body,
      contentType: bare ? null : (req.headers["content-type"] ?? null),
      sourceIp: req.sourceIp,
      receivedAt: new Date(now),
      verdict: seen.verdict,
      reason: kept.reason ?? (seen.stale && "unparsable" in seen.stale ? seen.stale.unparsable : null),
      // As received: the request log tells a stored cut from the whole by it.
      size: req.body.length,
      identity: seen.identity,
      eventType: seen.eventType,
    },
    ...(budgeted ? { budget: rejectBudget(ep.flowId, req.sourceIp, ep.kind) } : {}),
    ...(seen.stale && "key" in seen.stale ? { stale: seen.stale } : {}),
    ...(startsRun && seen.identity ? { dedupe: { key: seen.identity, windowMs: dedupeWindowMs(ep.trigger) } } : {}),
    ...(startsRun && req.body.length > REJECTED_BODY_BYTES
      ? { cut: { bytes: REJECTED_BODY_BYTES, note: cutNote(req.body.length) } }
      : {}),
    ...(startsRun
      ? {
          rate: ep.trigger.rateLimit,
          run: { versionId: ep.version!.id, definition: null, held: ep.paused, request: !ep.paused },
        }
      : {}),
    // A test request runs the draft when the user asked for it (never rate-limited or deduplicated).
    ...(seen.verdict === "sample" && ep.draftToRun
      ? { run: { versionId: null, definition: ep.draftToRun, held: false } }
      : {}),
  };
}

function answer(ep: EndpointInfo, seen: Inspection, c: Committed, id: string): IngestAnswer {
  if (c.dropped) {
    // Past a budget nothing was stored: no id to name.
    const message =
      c.verdict === "sample"
        ? "Too many requests to this test URL; this one was not stored"
        : "Too many rejected requests; this one was not stored. Check the URL, method and signature";
    return json(429, { error: { code: "rate_limited", message } }, { "retry-after": String(c.retryAfterS ?? 1) });
  }
  switch (c.verdict) {
    case "accepted": {
      const r = ep.trigger.response;
      if (!r.body) return json(r.status, { received: true, id });
      const text = resolveString(r.body, { delivery: { id, eventType: seen.eventType } }).value;
      return {
        status: r.status,
        body: typeof text === "string" ? text : JSON.stringify(text),
        contentType: servedAnswerType(r.contentType),
      };
    }
    case "duplicate":
      return json(200, { received: true, duplicate: true, id, originalId: c.duplicateOf ?? null });
    case "stale_event":
      // Received and stored: a 2xx, or the sender would retry an event it has already superseded.
      return json(200, { received: true, stale: true, id, ...(c.requested || c.runId ? { ran: true } : {}) });
    case "filtered":
      return json(200, { received: true, filtered: true, id, reason: c.reason });
    case "sample":
      return json(200, { received: true, sample: true, id, ...(c.runId ? { runId: c.runId } : {}) });
    case "rate_limited":
      return json(
        429,
        { error: { code: "rate_limited", message: c.reason }, id },
        { "retry-after": String(c.retryAfterS ?? 1) },
      );
    default:
      return error(seen.status ?? 400, c.verdict, c.reason ?? "Rejected", id);
  }
}
