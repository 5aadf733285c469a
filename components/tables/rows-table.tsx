"use client";

// A table's rows: key, value, other fields, last change; per row −1 / +1 (atomic, never below
// 0), edit and delete (with a second click). Filtered by key prefix.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { LoadError } from "@/components/ui/load-error";
import { formatTime } from "@/components/ui/format";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { adjustRow, deleteRow, tableKeys, tableQueries } from "@/lib/queries/tables";
import type { AdjustResult, RowView, TableView } from "@/lib/tables/types";
import { RowForm } from "./row-form";

export function RowsTable({ table }: { table: TableView }) {
  const queryClient = useQueryClient();
  const [prefix, setPrefix] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const rows = useQuery(tableQueries.rows(table.id, prefix));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: tableKeys.table(table.id) });

  const adjust = useMutation({
    mutationFn: (input: { op: "increment" | "decrement"; key: string }) =>
      adjustRow(table.id, { ...input, amount: 1, floor: 0 }),
    onSuccess: (r: AdjustResult) => {
      setNotice(
        r.ok
          ? `${r.key}: ${table.valueField} is now ${r.value}`
          : r.reason === "below_floor"
            ? `${r.key}: ${table.valueField} is ${r.value} and does not go below 0`
            : `${r.key}: no ${table.valueField} to change`,
      );
      refresh();
    },
    onError: (e) => setNotice(`Could not change the value: ${e.message}`),
  });
  const remove = useMutation({
    mutationFn: (key: string) => deleteRow(table.id, key),
    onSuccess: (_, key) => {
      setConfirming(null);
      setNotice(`Deleted ${key}`);
      refresh();
    },
    onError: (e) => setNotice(`Could not delete: ${e.message}`),
  });
  const saved = (row: RowView) => {
    setNotice(`Saved ${row.key}`);
    setEditing(null);
    setAdding(false);
    refresh();
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Filter by key
          <input
            type="search"
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            placeholder="Key starts with…"
            className={`${inputStyles} w-60`}
          />
        </label>
        <button
          type="button"
          onClick={() => setAdding(!adding)}
          aria-expanded={adding}
          className={buttonStyles.primary}
        >
          Add row
        </button>
      </div>
      {adding && (
        <section aria-label="Add a row" className="max-w-md rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <RowForm tableId={table.id} valueField={table.valueField} onSaved={saved} onCancel={() => setAdding(false)} />
        </section>
      )}
      <p role="status" className="min-h-5 text-sm text-slate-700">
        {notice}
      </p>
      {rows.isPending && <p className="text-sm text-slate-500">Loading rows…</p>}
      {rows.isError && <LoadError what="the rows" error={rows.error} onRetry={() => void rows.refetch()} />}
      {rows.data && rows.data.items.length === 0 && (
        <p className="text-sm text-slate-600">{prefix ? "No rows with such a key." : "No rows yet."}</p>
      )}
      {rows.data && rows.data.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Key
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {table.valueField}
                </th>
                <th scope="col" className="px-3 py-2">
                  Other fields
                </th>
                <th scope="col" className="px-3 py-2">
                  Changed
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.data.items.map((row) => (
                <Fragment key={row.key}>
                  <tr data-testid="data-row">
                    <th scope="row" className="px-3 py-2 text-left font-mono font-medium text-slate-900">
                      {row.key}
                    </th>
                    <td data-testid="row-value" className="px-3 py-2 text-right font-mono tabular-nums">
                      {row.value ?? "—"}
                    </td>
                    <td
                      className="max-w-xs truncate px-3 py-2 font-mono text-xs text-slate-600"
                      title={JSON.stringify(row.data)}
                    >
                      {Object.keys(row.data).length ? JSON.stringify(row.data) : ""}
                    </td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-500">{formatTime(row.updatedAt)}</td>
                    <td className="px-3 py-2">
                      <div className="flex justify-end gap-1.5">
                        <button
                          type="button"
                          onClick={() => adjust.mutate({ op: "decrement", key: row.key })}
                          disabled={adjust.isPending}
                          className={buttonStyles.secondary}
                          aria-label={`Decrement ${row.key}`}
                        >
                          −1
                        </button>
                        <button
                          type="button"
                          onClick={() => adjust.mutate({ op: "increment", key: row.key })}
                          disabled={adjust.isPending}
                          className={buttonStyles.secondary}
                          aria-label={`Increment ${row.key}`}
                        >
                          +1
                        </button>
                        <button
                          type="button"
                          onClick={() => setEditing(editing === row.key ? null : row.key)}
                          aria-expanded={editing === row.key}
                          className={buttonStyles.secondary}
                        >
                          Edit<span className="sr-only"> {row.key}</span>
                        </button>
                        {confirming === row.key ? (
                          <span role="group" aria-label={`Delete ${row.key}?`} className="flex gap-1.5">
                            <button
                              type="button"
                              onClick={() => remove.mutate(row.key)}
                              disabled={remove.isPending}
                              className={buttonStyles.danger}
                            >
                              Confirm delete
                            </button>
                            <button type="button" onClick={() => setConfirming(null)} className={buttonStyles.ghost}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button type="button" onClick={() => setConfirming(row.key)} className={buttonStyles.danger}>
                            Delete<span className="sr-only"> {row.key}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                  {editing === row.key && (
                    <tr>
                      <td colSpan={5} className="bg-slate-50 px-3 py-3">
                        <div className="max-w-md">
                          <RowForm
                            tableId={table.id}
                            valueField={table.valueField}
                            row={row}
                            onSaved={saved}
                            onCancel={() => setEditing(null)}
                          />
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {rows.data.nextCursor && (
            <p className="px-3 py-2 text-xs text-slate-500">
              Showing the first 500 rows by key; filter by key to find others.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
