"use client";

// A flow's request log, newest first. A click on a row (or its toggle button, the keyboard path)
// opens the full request under it; "Run" goes to the run the request started.
import Link from "next/link";
import { Fragment, useState } from "react";
import type { DeliverySummary } from "@/lib/api/dto";
import { formatTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { linkStyles } from "@/components/ui/styles";
import { DeliveryDetail } from "./delivery-detail";
import { formatSize } from "./format-size";
import { VerdictBadge } from "./verdict-badge";

const columns = ["Received", "Verdict", "Method", "Event", "Source IP", "Size", "Run"];

export function DeliveryTable({ deliveries }: { deliveries: DeliverySummary[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const toggle = (id: string) => setOpen((cur) => (cur === id ? null : id));

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs font-semibold text-slate-600">
          <tr>
            <th scope="col" className="w-8 px-2 py-2">
              <span className="sr-only">Details</span>
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-4 py-2">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deliveries.map((d) => {
            const expanded = open === d.id;
            const detailId = `delivery-detail-${d.id}`;
            return (
              <Fragment key={d.id}>
                <tr
                  data-testid="delivery-row"
                  onClick={() => toggle(d.id)}
                  className={`cursor-pointer align-top hover:bg-slate-50 ${expanded ? "bg-slate-50" : ""}`}
                >
                  <td className="px-2 py-2.5">
                    <button
                      type="button"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={expanded ? "Hide request" : "Show request"}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(d.id);
                      }}
                      className="grid size-6 place-items-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900"
                    >
                      <span aria-hidden className={`transition-transform ${expanded ? "rotate-90" : ""}`}>
                        ▸
                      </span>
                    </button>
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">{formatTime(d.receivedAt)}</td>
                  <td className="px-4 py-2.5">
                    <VerdictBadge verdict={d.verdict} />
                    {d.reason && <p className="mt-1 max-w-xs text-xs break-words text-slate-500">{d.reason}</p>}
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs text-slate-700">
                    {d.method}
                    {d.kind === "test" && (
                      <span className="ml-1.5 rounded bg-violet-50 px-1 py-0.5 font-sans text-[0.65rem] font-semibold text-violet-800 ring-1 ring-violet-200 ring-inset">
                        test
                      </span>
                    )}
                  </td>
                  <td
                    className="max-w-48 truncate px-4 py-2.5 text-slate-700"
                    title={d.identity ? `Sender's delivery id: ${d.identity}` : undefined}
                  >
                    {d.eventType ?? "—"}
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs text-slate-700">{d.sourceIp ?? "—"}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">{formatSize(d.size)}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap">
                    {d.runId ? (
                      <span className="inline-flex items-center gap-2">
                        <Link href={`/runs/${d.runId}`} onClick={(e) => e.stopPropagation()} className={linkStyles}>
                          Run
                        </Link>
                        {d.runStatus && <StatusBadge status={d.runStatus} testId="delivery-run-status" />}
                      </span>
                    ) : d.runStatus ? (
                      // Queued, its run not created yet: it gets an id when the engine takes it.
                      <StatusBadge status={d.runStatus} testId="delivery-run-status" />
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailId}>
                    <td colSpan={columns.length + 1} className="bg-slate-50 px-4 py-4">
                      <DeliveryDetail deliveryId={d.id} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
