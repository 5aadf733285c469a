"use client";

// The runs list's filters: status, time range, event type and a search box (a value from the
// payload, e.g. a customer id or order number, or a delivery id). Text inputs apply after a pause.
import { useEffect, useState } from "react";
import { inputStyles } from "@/components/ui/styles";
import { runStatuses, runTimeRanges, type RunFilterInput } from "@/lib/api/run-filter";

type Props = { value: RunFilterInput; onChange: (next: RunFilterInput) => void };

const rangeLabels: Record<keyof typeof runTimeRanges, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

export function RunFilters({ value, onChange }: Props) {
  const [q, setQ] = useState(value.q ?? "");
  const [eventType, setEventType] = useState(value.eventType ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      if ((value.q ?? "") !== q || (value.eventType ?? "") !== eventType) onChange({ ...value, q, eventType });
    }, 300);
    return () => clearTimeout(t);
  }, [q, eventType, value, onChange]);

  return (
    <form
      role="search"
      aria-label="Filter runs"
      className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr]"
      onSubmit={(e) => (e.preventDefault(), onChange({ ...value, q, eventType }))}
    >
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Search
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="A payload value (cus_…, order number, e-mail) or a delivery id"
          className={inputStyles}
          data-testid="run-search"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Status
        <select
          value={value.status ?? ""}
          onChange={(e) => onChange({ ...value, status: e.target.value })}
          className={inputStyles}
          data-testid="run-filter-status"
        >
          <option value="">Any</option>
          <option value="queued,running,sleeping,retrying">Active</option>
          {runStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Time
        <select
          value={value.range ?? ""}
          onChange={(e) => onChange({ ...value, range: e.target.value as RunFilterInput["range"] })}
          className={inputStyles}
        >
          <option value="">Any time</option>
          {Object.entries(rangeLabels).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Event type
        <input
          value={eventType}
          onChange={(e) => setEventType(e.target.value)}
          placeholder="e.g. charge.failed"
          className={inputStyles}
        />
      </label>
    </form>
  );
}
