// Database rows -> API shapes for runs, steps and deliveries.
import "server-only";
import type { DeliverySummary, DeliveryView, RunStatus, RunSummary, StepRunView } from "@/lib/api/dto";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const span = (a: Date | null, b: Date | null) => (a && b ? b.getTime() - a.getTime() : null);
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

type RunRow = {
  id: string; flowId: string; status: string; eventType: string | null; deliveryId: string | null; error: string | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null; version: { number: number } | null;
  flow?: { name: string }; replayOfId?: string | null; batchId?: string | null; dryRun?: boolean; retryOfRunId?: string | null;
};

export function runSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    flowId: r.flowId,
    status: r.status as RunStatus,
    version: r.version?.number ?? null,
    eventType: r.eventType,
    deliveryId: r.deliveryId,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    durationMs: span(r.startedAt ?? r.createdAt, r.finishedAt),
    ...(r.flow ? { flowName: r.flow.name } : {}),
    replayOfId: r.replayOfId ?? null,
    batchId: r.batchId ?? null,
    dryRun: r.dryRun ?? false,
    retryOfRunId: r.retryOfRunId ?? null,
  };
}

type StepRow = { id: string; nodeId: string; nodeType: string; attempt: number; status: string; input: string | null; output: string | null; error: string | null; startedAt: Date; finishedAt: Date | null; reusedFromRunId?: string | null };

export function stepView(s: StepRow): StepRunView {
  return {
    id: s.id,
    nodeId: s.nodeId,
    nodeType: s.nodeType,
    attempt: s.attempt,
    status: s.status as StepRunView["status"],
    input: parse(s.input),
    output: parse(s.output),
    error: parse(s.error) as StepRunView["error"],
    startedAt: s.startedAt.toISOString(),
    finishedAt: iso(s.finishedAt),
    durationMs: span(s.startedAt, s.finishedAt),
    reusedFromRunId: s.reusedFromRunId ?? null,
  };
}

type DeliveryRow = { id: string; method: string; query: string; headers: string; body: Uint8Array; contentType: string | null; sourceIp: string | null; receivedAt: Date; verdict: string; reason: string | null; size?: number };

/** `maxBytes` cuts a long body for display (`truncated: true`; the whole is a download away). */
export function deliveryView(d: DeliveryRow, maxBytes = Infinity): DeliveryView {
  const whole = Buffer.from(d.body);
  const truncated = whole.length > maxBytes;
  // Cut on a UTF-8 character boundary so the shown part still decodes as text.
  let end = truncated ? maxBytes : whole.length;
  while (truncated && end > 0 && (whole[end]! & 0xc0) === 0x80) end--;
  const bytes = truncated ? whole.subarray(0, end) : whole;
  let body: string;
  let bodyEncoding: DeliveryView["bodyEncoding"] = "utf8";
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    body = bytes.toString("base64");
    bodyEncoding = "base64";
  }
  return {
    id: d.id,
    method: d.method,
    query: d.query,
    headers: JSON.parse(d.headers) as Record<string, string>,
    contentType: d.contentType,
    sourceIp: d.sourceIp,
    receivedAt: d.receivedAt.toISOString(),
    verdict: d.verdict,
    reason: d.reason,
    // As received: a rejected request's body is stored cut (lib/webhooks/reject-budget.ts).
    size: Math.max(whole.length, d.size ?? 0),
    body,
    bodyEncoding,
    ...(truncated || whole.length < (d.size ?? 0) ? { truncated: true } : {}),
  };
}

type DeliveryLine = { id: string; kind: string; method: string; receivedAt: Date; sourceIp: string | null; size: number; verdict: string; reason: string | null; eventType: string | null; identity: string | null; runs: { id: string; status: string }[]; runRequest?: unknown };

export function deliverySummary(d: DeliveryLine): DeliverySummary {
  const run = d.runs[0];
  return {
    id: d.id,
    kind: d.kind === "test" ? "test" : "live",
    method: d.method,
    receivedAt: d.receivedAt.toISOString(),
    sourceIp: d.sourceIp,
    size: d.size,
    verdict: d.verdict,
    reason: d.reason,
    eventType: d.eventType,
    identity: d.identity,
    runId: run?.id ?? null,
    // A run not created yet (its request waits for the executor to have room) is queued.
    runStatus: (run?.status as RunStatus | undefined) ?? (d.runRequest ? "queued" : null),
  };
}
