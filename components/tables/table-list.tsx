"use client";

// The workspace's data tables, each a link to its rows.
import Link from "next/link";
import { formatTime } from "@/components/ui/format";
import { linkStyles } from "@/components/ui/styles";
import type { TableView } from "@/lib/tables/types";

export function TableList({ tables }: { tables: TableView[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
      {tables.map((t) => (
        <li key={t.id} data-testid="table-row" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
          <Link href={`/tables/${t.id}`} className={`${linkStyles} min-w-0 flex-1 truncate`}>
            {t.name}
          </Link>
          <span className="text-sm text-slate-600">
            {t.rowCount} {t.rowCount === 1 ? "row" : "rows"} · value field{" "}
            <code className="font-mono">{t.valueField}</code>
          </span>
          <span className="text-xs text-slate-500">Changed {formatTime(t.updatedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
