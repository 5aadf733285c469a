// A Gantt-like timeline of one run: a row per node, a bar per attempt placed by its start and end
// (relative to the run's start), so retries show as separate bars and sleeps and backoff as gaps.
import type { RunDetail, StepRunView } from "@/lib/api/dto";
import { formatDuration } from "@/components/ui/format";

const barTone: Record<string, string> = {
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  running: "bg-sky-500 animate-pulse",
  sleeping:
    "bg-amber-300 bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(255,255,255,.5)_4px,rgba(255,255,255,.5)_8px)]",
  cancelled: "bg-amber-500",
};

export function RunTimeline({ detail, now }: { detail: RunDetail; now: number }) {
  const steps = detail.steps;
  if (steps.length === 0) return null;
  const t0 = Math.min(
    ...steps.map((s) => Date.parse(s.startedAt)),
    Date.parse(detail.run.startedAt ?? detail.run.createdAt),
  );
  const end = (s: StepRunView) => (s.finishedAt ? Date.parse(s.finishedAt) : now);
  const t1 = Math.max(...steps.map(end), detail.run.finishedAt ? Date.parse(detail.run.finishedAt) : 0, t0 + 1);
  const total = t1 - t0;
  const rows: { nodeId: string; label: string; attempts: StepRunView[] }[] = [];
  for (const s of [...steps].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt,
  )) {
    let row = rows.find((r) => r.nodeId === s.nodeId);
    if (!row) {
      const node = detail.definition.nodes.find((n) => n.id === s.nodeId);
      row = { nodeId: s.nodeId, label: node?.data.label || s.nodeId, attempts: [] };
      rows.push(row);
    }
    row.attempts.push(s);
  }
  const pct = (ms: number) => `${((ms / total) * 100).toFixed(3)}%`;

  return (
    <section
      aria-labelledby="timeline-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="run-timeline"
    >
      <div className="flex items-baseline justify-between">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <span className="text-xs text-slate-500">{formatDuration(total)} from the first step to the last</span>
      </div>
      <ol className="mt-3 flex flex-col gap-1.5">
        {rows.map((row) => (
          <li key={row.nodeId} className="grid grid-cols-[10rem_1fr] items-center gap-3 text-xs">
            <span className="truncate font-medium text-slate-700" title={row.nodeId}>
              {row.label}
            </span>
            <div className="relative h-5 rounded bg-slate-50">
              {row.attempts.map((a) => {
                const start = Date.parse(a.startedAt) - t0;
                const width = Math.max(end(a) - Date.parse(a.startedAt), total * 0.004);
                const what = `${row.label}, attempt ${a.attempt + 1}: ${a.status}, ${formatDuration(end(a) - Date.parse(a.startedAt))}`;
                return (
                  <div
                    key={a.id}
                    data-testid="timeline-bar"
                    title={what}
                    aria-label={what}
                    className={`absolute top-0.5 bottom-0.5 min-w-1 rounded-sm ${barTone[a.status] ?? "bg-slate-400"}`}
                    style={{ left: pct(start), width: pct(width) }}
                  />
                );
              })}
            </div>
          </li>
        ))}
      </ol>
      <p className="mt-2 text-xs text-slate-500">
        One bar per attempt; gaps are waits (backoff between retries, delays and sleeps).
      </p>
    </section>
  );
}
