// The flows of the workspace, newest first, each a link into its editor.
import Link from "next/link";
import type { FlowSummary } from "@/lib/api/dto";
import { formatTime } from "@/components/ui/format";

export function FlowList({ flows }: { flows: FlowSummary[] }) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      {flows.map((flow) => (
        <li key={flow.id} data-testid="flow-row">
          <Link
            href={`/flows/${flow.id}`}
            className="flex items-center gap-4 px-4 py-3 hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
          >
            <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{flow.name}</span>
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${
                flow.publishedVersion
                  ? "bg-emerald-50 text-emerald-800 ring-emerald-300"
                  : "bg-slate-100 text-slate-600 ring-slate-300"
              }`}
            >
              {flow.publishedVersion ? `v${flow.publishedVersion}` : "Draft"}
            </span>
            <span className="shrink-0 text-right text-sm whitespace-nowrap text-slate-500">
              Updated {formatTime(flow.updatedAt)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
