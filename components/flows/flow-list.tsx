"use client";

// The flows of the workspace, newest first, each a link into its editor, with its status, last
// delivery and 24 h success rate; searchable by name and filtered by status (archived flows only
// when asked for).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useId, useState } from "react";
import { formatTime } from "@/components/ui/format";
import { LoadError } from "@/components/ui/load-error";
import { inputStyles } from "@/components/ui/styles";
import { FLOW_STATUSES, type FlowListItem, type FlowListQuery, type FlowStatus } from "@/lib/api/flow-list-dto";
import { flowListQueries } from "@/lib/queries/flow-lifecycle";

const statusStyle: Record<FlowStatus, string> = {
  draft: "bg-slate-100 text-slate-600 ring-slate-300",
  published: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  paused: "bg-amber-50 text-amber-800 ring-amber-300",
  archived: "bg-slate-200 text-slate-700 ring-slate-400",
};
const statusLabel: Record<FlowStatus, string> = {
  draft: "Draft",
  published: "Published",
  paused: "Paused",
  archived: "Archived",
};

function successText(f: FlowListItem) {
  if (f.successRate24h === null) return "No runs in 24 h";
  return `${Math.round(f.successRate24h * 100)} % of ${f.runs24h.toLocaleString("en")} run${f.runs24h === 1 ? "" : "s"} succeeded (24 h)`;
}

export function FlowList() {
  const searchId = useId();
  const statusId = useId();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<FlowListQuery["status"]>(undefined);
  const query = { q: useDeferredValue(q.trim()) || undefined, status };
  const flows = useQuery({ ...flowListQueries.list(query), placeholderData: keepPreviousData });

  return (
    <section aria-label="Your flows" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor={searchId} className="text-xs font-medium text-slate-600">
            Search by name
          </label>
          <input
            id={searchId}
            type="search"
            value={q}
            maxLength={120}
            onChange={(e) => setQ(e.target.value)}
            className={inputStyles}
            placeholder="e.g. Stripe"
          />
        </div>
        <div>
          <label htmlFor={statusId} className="text-xs font-medium text-slate-600">
            Status
          </label>
          <select
            id={statusId}
            value={status ?? ""}
            onChange={(e) => setStatus((e.target.value || undefined) as FlowListQuery["status"])}
            className={inputStyles}
          >
            <option value="">All but archived</option>
            {FLOW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel[s]}
              </option>
            ))}
            <option value="all">All, archived too</option>
          </select>
        </div>
      </div>
      {flows.isError && <LoadError what="the flows" error={flows.error} onRetry={() => void flows.refetch()} />}
      {flows.data && flows.data.items.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No flow matches.
        </p>
      )}
      {flows.data && flows.data.items.length > 0 && (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {flows.data.items.map((flow) => (
            <li key={flow.id} data-testid="flow-row">
              <Link
                href={`/flows/${flow.id}`}
                className="flex items-center gap-4 px-4 py-3 hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
              >
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-slate-900">{flow.name}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {flow.lastDeliveryAt ? `Last delivery ${formatTime(flow.lastDeliveryAt)}` : "No delivery yet"} ·{" "}
                    {successText(flow)}
                  </span>
                </span>
                <span
                  data-testid="flow-status"
                  className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${statusStyle[flow.status]}`}
                >
                  {statusLabel[flow.status]}
                  {flow.publishedVersion && flow.status !== "draft" ? ` · v${flow.publishedVersion}` : ""}
                </span>
                <span className="shrink-0 text-right text-sm whitespace-nowrap text-slate-500">
                  Updated {formatTime(flow.updatedAt)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
