// Database rows -> API shapes for runs and steps (deliveries: lib/deliveries/to-dto.ts).
import "server-only";
import type { RunStatus, RunSummary, StepRunView } from "@/lib/api/dto";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const span = (a: Date | null, b: Date | null) => (a && b ? b.getTime() - a.getTime() : null);
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

type RunRow = {
  id: string;
  flowId: string;
  status: string;
  eventType: string | null;
  deliveryId: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  version: { number: number } | null;
  flow?: { name: string };
  replayOfId?: string | null;
  batchId?: string | null;
  dryRun?: boolean;
  retryOfRunId?: string | null;
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

type StepRow = {
  id: string;
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: string;
  input: string | null;
  output: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  reusedFromRunId?: string | null;
};

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
