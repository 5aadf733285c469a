"use client";

import { useQuery } from "@tanstack/react-query";
import { NewTableForm } from "@/components/tables/new-table-form";
import { TableList } from "@/components/tables/table-list";
import { LoadError } from "@/components/ui/load-error";
import { tableQueries } from "@/lib/queries/tables";

export function TablesClient() {
  const tables = useQuery(tableQueries.all());
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-6 py-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Data tables</h1>
        <p className="mt-1 text-sm text-slate-600">
          Small tables your flows read and change with the Data table node: stock levels by SKU, counters, lookups. Each
          row has a key, a number that increments and decrements change atomically (never below a floor), and other
          fields.
        </p>
      </div>
      <section aria-labelledby="new-table" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="new-table" className="mb-3 text-lg font-semibold">
          New table
        </h2>
        <div className="max-w-md">
          <NewTableForm />
        </div>
      </section>
      {tables.isPending && <p className="text-sm text-slate-500">Loading tables…</p>}
      {tables.isError && <LoadError what="the tables" error={tables.error} onRetry={() => void tables.refetch()} />}
      {tables.data && tables.data.items.length === 0 && <p className="text-sm text-slate-600">No tables yet.</p>}
      {tables.data && tables.data.items.length > 0 && <TableList tables={tables.data.items} />}
    </div>
  );
}
