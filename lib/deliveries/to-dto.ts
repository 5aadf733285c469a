// Database rows -> API shapes for stored deliveries: read by ingest's request log and sample
// picker (lib/webhooks) and by the run history (lib/runs), neither importing the other.
import "server-only";
import type { DeliverySummary, DeliveryView, RunStatus } from "@/lib/api/dto";

type DeliveryRow = {
  id: string;
  method: string;
  query: string;
  headers: string;
  body: Uint8Array;
  contentType: string | null;
  sourceIp: string | null;
  receivedAt: Date;
  verdict: string;
  reason: string | null;
  size?: number;
  kind?: string;
  startedBy?: string | null;
};

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
    ...(d.kind === "manual" ? { startedBy: d.startedBy ?? "unknown" } : {}),
  };
}

type DeliveryLine = {
  id: string;
  kind: string;
  method: string;
  receivedAt: Date;
  sourceIp: string | null;
  size: number;
  verdict: string;
  reason: string | null;
  eventType: string | null;
  identity: string | null;
  runs: { id: string; status: string }[];
  runRequest?: unknown;
};

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
