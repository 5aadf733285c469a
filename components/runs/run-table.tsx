"use client";

// Runs, newest first. The whole row opens the run; "Open" is the keyboard/reader path. Across
// flows a Flow column names each run's flow (as text: the row's first link stays "Open").
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { RunSummary } from "@/lib/api/dto";
import { formatDuration, formatTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { linkStyles } from "@/components/ui/styles";
import { StaleEventBadge } from "./stale-event-badge";

export function RunTable({ runs, showFlow = false }: { runs: RunSummary[]; showFlow?: boolean }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs font-semibold text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Status
            </th>
            {showFlow && (
              <th scope="col" className="px-4 py-2">
                Flow
              </th>
            )}
            <th scope="col" className="px-4 py-2">
              Version
            </th>
            <th scope="col" className="px-4 py-2">
              Started
            </th>
            <th scope="col" className="px-4 py-2">
              Duration
            </th>
            <th scope="col" className="px-4 py-2">
              Event
            </th>
            <th scope="col" className="px-4 py-2">
              <span className="sr-only">Details</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr
              key={run.id}
              data-testid="run-row"
              onClick={() => router.push(`/runs/${run.id}`)}
              className="cursor-pointer hover:bg-slate-50"
            >
              <td className="px-4 py-2.5">
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <StatusBadge status={run.status} testId="run-status" />
                  <StaleEventBadge staleEvent={run.staleEvent} />
                </span>
              </td>
              {showFlow && <td className="max-w-48 truncate px-4 py-2.5 text-slate-900">{run.flowName}</td>}
              <td className="px-4 py-2.5 font-mono text-slate-700">
                {run.version === null ? "draft" : `v${run.version}`}
              </td>
              <td className="px-4 py-2.5 text-slate-700">{formatTime(run.startedAt)}</td>
              <td className="px-4 py-2.5 text-slate-700">{formatDuration(run.durationMs)}</td>
              <td className="max-w-48 truncate px-4 py-2.5 text-slate-500" title={run.error ?? undefined}>
                {run.eventType ?? "—"}
              </td>
              <td className="px-4 py-2.5 text-right">
                <Link href={`/runs/${run.id}`} onClick={(e) => e.stopPropagation()} className={linkStyles}>
                  Open
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
