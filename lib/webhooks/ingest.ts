// The inbound webhook path, independent of the HTTP server that carries it: find the endpoint,
// read the body within its limit, decide the verdict, store the delivery (and its run request)
// with group commit, and only then answer. The flow never runs inside the request: the
// dispatcher creates the run from its request and hands it to the executor afterwards.
import "server-only";
import { resolveString } from "@/lib/flows/template";
import { newId } from "@/lib/ids";
import { kickRuns } from "@/lib/runs/engine-link";
import { commitDelivery, type Committed, type Pending } from "./group-commit";
import { inspect, type Inbound, type Inspection } from "./inspect";
import { loadEndpoint, type EndpointInfo, type SecretSource } from "./load-endpoint";
import { redactHeaders, redactQuery } from "./redact";

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

const json = (status: number, body: unknown, headers?: Record<string, string>): IngestAnswer => ({ status, body: JSON.stringify(body), contentType: "application/json", headers });
const error = (status: number, code: string, message: string, id?: string) => json(status, { error: { code, message }, ...(id ? { id } : {}) });

export async function ingest(req: IngestRequest, secretsOf: SecretSource, now = Date.now()): Promise<IngestAnswer> {
  const ep = await loadEndpoint(req.token, secretsOf, now);
  if (!ep || ep.kind !== req.kind) return error(404, "not_found", "Unknown webhook URL");
  if (ep.revoked) return error(410, "gone", "This webhook URL was replaced by a new one; copy the current URL from Hookline");

  const { body, truncated } = await req.readBody(ep.trigger.maxBodyKb * 1024);
  const inbound: Inbound = { method: req.method, headers: req.headers, query: req.query, body, truncated, sourceIp: req.sourceIp };
  const seen = inspect(ep, inbound, now);
  const item = pending(ep, inbound, seen, now);
  const committed = await commitDelivery(item);
  // A held run (paused flow) waits for the resume, which dispatches it: no kick.
  if (committed.requested || (committed.runId && !item.run?.held)) kickRuns();
  return answer(ep, seen, committed, item.row.id);
}

function pending(ep: EndpointInfo, req: Inbound, seen: Inspection, now: number): Pending {
  const id = newId("dlv");
  const startsRun = seen.verdict === "accepted";
  return {
    row: {
      id,
      workspaceId: ep.workspaceId,
      flowId: ep.flowId,
      endpointId: ep.id,
      kind: ep.kind,
      method: req.method,
      // Verified already (inspect saw the raw values); the stored copy never holds the secret.
      query: redactQuery(ep.trigger.verification, req.query),
      headers: JSON.stringify(redactHeaders(ep.trigger.verification, req.headers)),
      body: req.body,
      contentType: req.headers["content-type"] ?? null,
      sourceIp: req.sourceIp,
      receivedAt: new Date(now),
      verdict: seen.verdict,
      reason: seen.reason ?? null,
      size: req.body.length,
      identity: seen.identity,
      eventType: seen.eventType,
    },
    ...(startsRun && seen.identity ? { dedupe: { key: seen.identity, windowMs: ep.trigger.dedupe.windowHours * 3_600_000 } } : {}),
    ...(startsRun ? { rate: ep.trigger.rateLimit, run: { versionId: ep.version!.id, definition: null, held: ep.paused, request: !ep.paused } } : {}),
    // A test request runs the draft when the user asked for it (never rate-limited or deduplicated).
    ...(seen.verdict === "sample" && ep.draftToRun ? { run: { versionId: null, definition: ep.draftToRun, held: false } } : {}),
  };
}

function answer(ep: EndpointInfo, seen: Inspection, c: Committed, id: string): IngestAnswer {
  switch (c.verdict) {
    case "accepted": {
      const r = ep.trigger.response;
      if (!r.body) return json(r.status, { received: true, id });
      const text = resolveString(r.body, { delivery: { id, eventType: seen.eventType } }).value;
      return { status: r.status, body: typeof text === "string" ? text : JSON.stringify(text), contentType: r.contentType };
    }
    case "duplicate":
      return json(200, { received: true, duplicate: true, id, originalId: c.duplicateOf ?? null });
    case "filtered":
      return json(200, { received: true, filtered: true, id, reason: c.reason });
    case "sample":
      return json(200, { received: true, sample: true, id, ...(c.runId ? { runId: c.runId } : {}) });
    case "rate_limited":
      return json(429, { error: { code: "rate_limited", message: c.reason }, id }, { "retry-after": String(c.retryAfterS ?? 1) });
    default:
      return error(seen.status ?? 400, c.verdict, c.reason ?? "Rejected", id);
  }
}
