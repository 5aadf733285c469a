"use client";

// Rename a table (or its value field), or delete it with its rows (a second, explicit click).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { issueMap, serverErrors } from "@/components/credentials/form-errors";
import { TextField } from "@/components/credentials/text-field";
import { buttonStyles } from "@/components/ui/styles";
import { deleteTable, tableKeys, updateTable } from "@/lib/queries/tables";
import { updateTableBody, type TableView } from "@/lib/tables/types";

export function TableSettings({ table, onDone }: { table: TableView; onDone: () => void }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(table.name);
  const [valueField, setValueField] = useState(table.valueField);
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (body: { name?: string; valueField?: string }) => updateTable(table.id, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: tableKeys.all });
      onDone();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteTable(table.id),
    onSuccess: () => {
      // Only the list is refetched: the deleted table's own queries would answer 404 while the page unmounts.
      void queryClient.invalidateQueries({ queryKey: tableKeys.list });
      router.push("/tables");
    },
  });
  const body = { ...(name !== table.name ? { name } : {}), ...(valueField !== table.valueField ? { valueField } : {}) };
  const parsed = updateTableBody.safeParse(body);
  const local = tried && !parsed.success ? issueMap(parsed.error.issues) : new Map<string, string>();
  const errors = local.size > 0 ? local : serverErrors(save.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (parsed.success) save.mutate(parsed.data);
  };

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} aria-label="Table settings" className="flex flex-col gap-3">
        <TextField
          label="Table name"
          value={name}
          onChange={setName}
          error={errors.get("name")}
          hint="Flows name the table: after a rename, update their Data table nodes."
        />
        <TextField
          label="Value field name"
          value={valueField}
          onChange={setValueField}
          error={errors.get("valueField")}
        />
        {tried && errors.get("") && (
          <p role="alert" className="text-sm text-red-700">
            {errors.get("")}
          </p>
        )}
        {save.isError && errors.size === 0 && (
          <p role="alert" className="text-sm text-red-700">
            Could not save: {save.error.message}
          </p>
        )}
        <div className="flex gap-2">
          <button type="submit" disabled={save.isPending} className={buttonStyles.primary}>
            Save
          </button>
          <button type="button" onClick={onDone} className={buttonStyles.ghost}>
            Cancel
          </button>
        </div>
      </form>
      <div className="border-t border-slate-200 pt-3">
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)} className={buttonStyles.danger}>
            Delete table
          </button>
        ) : (
          <div
            role="group"
            aria-label={`Delete ${table.name} and its ${table.rowCount} rows?`}
            className="flex flex-wrap items-center gap-2"
          >
            <span className="text-sm text-slate-700">
              Delete {table.name} and its {table.rowCount} rows?
            </span>
            <button
              type="button"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
              className={buttonStyles.danger}
            >
              Confirm delete
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={buttonStyles.ghost}>
              Keep
            </button>
          </div>
        )}
        {remove.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            Could not delete: {remove.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
