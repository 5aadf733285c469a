// A flow's health at a glance: runs per day (succeeded / failed, stacked bars), success rate,
// p50 / p95 duration, the last delivery, a line per sender about what it will do on errors (with a
// countdown while its deliveries are refused), and the payload drift of fields the flow uses.
import { DriftWarnings } from "@/components/foresight/drift-warnings";
import { formatDuration, formatTime } from "@/components/ui/format";
import type { FlowOverview } from "@/lib/api/run-history-dto";

const stateTone = {
  ok: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  failing: "border-red-200 bg-red-50 text-red-900",
};

export function FlowOverviewView({ overview }: { overview: FlowOverview }) {
  const max = Math.max(1, ...overview.days.map((d) => d.succeeded + d.failed));
  const totals = overview.days.reduce((a, d) => ({ ok: a.ok + d.succeeded, bad: a.bad + d.failed }), { ok: 0, bad: 0 });
  const facts: [string, string][] = [
    ["Success rate (30 days)", overview.successRate === null ? "—" : `${(overview.successRate * 100).toFixed(1)}%`],
    ["Runs (30 days)", `${totals.ok.toLocaleString()} succeeded, ${totals.bad.toLocaleString()} failed`],
    ["p50 duration", formatDuration(overview.p50Ms)],
    ["p95 duration", formatDuration(overview.p95Ms)],
    [
      "Last delivery",
      overview.lastDelivery
        ? `${formatTime(overview.lastDelivery.receivedAt)} (${overview.lastDelivery.verdict})`
        : "none yet",
    ],
  ];
  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Sender health" className="flex flex-col gap-2">
        {overview.senders.map((s) => (
          <p
            key={s.sender}
            className={`rounded-md border px-3 py-2 text-sm ${stateTone[s.state]}`}
            data-testid="sender-health"
          >
            <span className="font-semibold">{s.sender}: </span>
            {s.line}
          </p>
        ))}
      </section>
      <DriftWarnings drift={overview.foresight.drift} />
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm sm:grid-cols-5">
        {facts.map(([t, v]) => (
          <div key={t}>
            <dt className="text-xs font-medium text-slate-500">{t}</dt>
            <dd className="mt-0.5 font-semibold text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="per-day" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="per-day" className="text-lg font-semibold">
          Runs per day
        </h2>
        <div
          className="mt-4 flex h-48 items-end gap-1"
          role="img"
          aria-label={`Runs per day over the last ${overview.days.length} days: ${totals.ok} succeeded, ${totals.bad} failed`}
          data-testid="runs-per-day"
        >
          {overview.days.map((d) => (
            <div
              key={d.date}
              className="flex h-full flex-1 flex-col justify-end"
              title={`${d.date}: ${d.succeeded} succeeded, ${d.failed} failed`}
            >
              <div className="bg-red-500" style={{ height: `${(d.failed / max) * 100}%` }} />
              <div className="bg-emerald-500" style={{ height: `${(d.succeeded / max) * 100}%` }} />
            </div>
          ))}
        </div>
        <div className="mt-1 flex justify-between text-xs text-slate-500">
          <span>{overview.days[0]?.date}</span>
          <span>
            <span className="mr-1 inline-block size-2 bg-emerald-500" /> succeeded{" "}
            <span className="mr-1 ml-3 inline-block size-2 bg-red-500" /> failed
          </span>
          <span>{overview.days.at(-1)?.date}</span>
        </div>
      </section>
      <p className="text-xs text-slate-500">
        Durations from the latest {overview.durationSample.toLocaleString()} finished runs.
      </p>
    </div>
  );
}
