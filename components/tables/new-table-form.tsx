"use client";

// Creates a data table: its name (what flows' Data table nodes refer to) and what its numeric
// column is called ("stock", "count"...).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { TextField } from "@/components/credentials/text-field";
import { issueMap, serverErrors } from "@/components/credentials/form-errors";
import { buttonStyles } from "@/components/ui/styles";
import { createTable, tableKeys } from "@/lib/queries/tables";
import { createTableBody } from "@/lib/tables/types";

export function NewTableForm() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [valueField, setValueField] = useState("stock");
  const [tried, setTried] = useState(false);
  const create = useMutation({
    mutationFn: createTable,
    onSuccess: (table) => {
      void queryClient.invalidateQueries({ queryKey: tableKeys.all });
      router.push(`/tables/${table.id}`);
    },
  });
  const parsed = createTableBody.safeParse({ name, valueField });
  const local = tried && !parsed.success ? issueMap(parsed.error.issues) : new Map<string, string>();
  const errors = local.size > 0 ? local : serverErrors(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (parsed.success) create.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} aria-label="New table" className="flex flex-col gap-3">
      <TextField
        label="Table name"
        value={name}
        onChange={setName}
        error={errors.get("name")}
        placeholder="Stock"
        hint="Data table nodes refer to the table by this name."
      />
      <TextField
        label="Value field name"
        value={valueField}
        onChange={setValueField}
        error={errors.get("valueField")}
        hint="The numeric column that increments and decrements change, e.g. stock."
      />
      {create.isError && errors.size === 0 && (
        <p role="alert" className="text-sm text-red-700">
          Could not create the table: {create.error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={create.isPending} className={buttonStyles.primary}>
          {create.isPending ? "Creating…" : "Create table"}
        </button>
      </div>
    </form>
  );
}
