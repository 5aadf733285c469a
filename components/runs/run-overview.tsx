// The facts of one run: status (and whether it ran a stale event), version, when it was received,
// started and finished, its error.
import type { RunDetail } from "@/lib/api/dto";
import { formatDuration, formatTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { StaleEventBadge, staleEventExplanation } from "./stale-event-badge";

export function RunOverview({ run }: { run: RunDetail["run"] }) {
  const facts: [string, string][] = [
    ["Version", run.version === null ? "draft (test URL)" : `v${run.version}`],
    ["Received", formatTime(run.createdAt)],
    ["Started", formatTime(run.startedAt)],
    ["Finished", formatTime(run.finishedAt)],
    ["Duration", formatDuration(run.durationMs)],
    ["Event", run.eventType ?? "—"],
  ];
  return (
    <section aria-label="Run overview" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center gap-2 text-sm text-slate-600">
        Status <StatusBadge status={run.status} testId="run-status" />
        <StaleEventBadge staleEvent={run.staleEvent} />
      </div>
      {run.staleEvent && (
        <p data-testid="stale-event-note" className="mt-2 text-sm text-amber-900">
          {staleEventExplanation(run.staleEvent)}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-xs font-medium text-slate-500">{term}</dt>
            <dd className="text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {run.error && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <span className="font-semibold">Error: </span>
          {run.error}
        </div>
      )}
    </section>
  );
}
