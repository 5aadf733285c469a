"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RowsTable } from "@/components/tables/rows-table";
import { TableSettings } from "@/components/tables/table-settings";
import { LoadError } from "@/components/ui/load-error";
import { buttonStyles, linkStyles } from "@/components/ui/styles";
import { tableQueries } from "@/lib/queries/tables";

export function TableClient({ tableId }: { tableId: string }) {
  const table = useQuery(tableQueries.one(tableId));
  const [settings, setSettings] = useState(false);
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/tables" className={linkStyles}>
          Data tables
        </Link>
      </nav>
      {table.isPending && <p className="text-sm text-slate-500">Loading the table…</p>}
      {table.isError && <LoadError what="the table" error={table.error} onRetry={() => void table.refetch()} />}
      {table.data && (
        <>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h1 className="text-2xl font-bold tracking-tight">{table.data.name}</h1>
              <p className="mt-1 text-sm text-slate-600">
                {table.data.rowCount} {table.data.rowCount === 1 ? "row" : "rows"} · value field{" "}
                <code className="font-mono">{table.data.valueField}</code>
              </p>
            </div>
            <button
              type="button"
              onClick={() => setSettings(!settings)}
              aria-expanded={settings}
              className={buttonStyles.secondary}
            >
              Table settings
            </button>
          </div>
          {settings && (
            <section
              aria-label="Settings"
              className="max-w-md rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
            >
              <TableSettings key={table.data.updatedAt} table={table.data} onDone={() => setSettings(false)} />
            </section>
          )}
          <RowsTable table={table.data} />
        </>
      )}
    </div>
  );
}
