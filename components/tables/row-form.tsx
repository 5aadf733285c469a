"use client";

// Adds a row or changes one: the key (fixed when editing), the numeric value (empty = no value)
// and the other fields as a JSON object. Checked with the API's own schema before sending.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "@/components/canvas/config-forms/field";
import { issueMap, serverErrors } from "@/components/credentials/form-errors";
import { TextField } from "@/components/credentials/text-field";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { upsertRow } from "@/lib/queries/tables";
import { upsertRowBody, type RowView } from "@/lib/tables/types";

type Props = {
  tableId: string;
  valueField: string;
  row?: RowView;
  onSaved: (row: RowView) => void;
  onCancel?: () => void;
};

function parseData(text: string): { data?: unknown; error?: string } {
  if (text.trim() === "") return { data: {} };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
}

export function RowForm({ tableId, valueField, row, onSaved, onCancel }: Props) {
  const [key, setKey] = useState(row?.key ?? "");
  const [value, setValue] = useState(row?.value === null || row?.value === undefined ? "" : String(row.value));
  const [dataText, setDataText] = useState(
    row && Object.keys(row.data).length > 0 ? JSON.stringify(row.data, null, 2) : "",
  );
  const [tried, setTried] = useState(false);
  const save = useMutation({
    mutationFn: (body: Parameters<typeof upsertRow>[1]) => upsertRow(tableId, body),
    onSuccess: onSaved,
  });

  const data = parseData(dataText);
  const numeric = value.trim() === "" ? null : Number(value);
  const parsed = upsertRowBody.safeParse({ key, value: numeric, data: data.data });
  const local = issueMap([
    ...(parsed.success ? [] : parsed.error.issues),
    ...(data.error ? [{ path: ["data"], message: data.error }] : []),
    ...(numeric !== null && Number.isNaN(numeric) ? [{ path: ["value"], message: "Value must be a number" }] : []),
  ]);
  const errors = tried && local.size > 0 ? local : serverErrors(save.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (local.size === 0 && parsed.success) save.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} aria-label={row ? `Edit row ${row.key}` : "New row"} className="flex flex-col gap-3">
      {!row && (
        <TextField label="Key" value={key} onChange={setKey} error={errors.get("key")} placeholder="SKU-123" mono />
      )}
      <Field label={`Value (${valueField})`} error={errors.get("value")} hint="A number; leave empty for none.">
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            inputMode="decimal"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className={`${inputStyles} font-mono`}
          />
        )}
      </Field>
      <Field
        label="Other fields (JSON object)"
        error={errors.get("data")}
        hint='For example {"title": "Mug", "supplier": "Acme"}.'
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={3}
            spellCheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={dataText}
            onChange={(e) => setDataText(e.target.value)}
            className={`${inputStyles} font-mono text-xs`}
          />
        )}
      </Field>
      {save.isError && errors.size === 0 && (
        <p role="alert" className="text-sm text-red-700">
          Could not save: {save.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={save.isPending} className={buttonStyles.primary}>
          {save.isPending ? "Saving…" : row ? "Save row" : "Add row"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className={buttonStyles.ghost}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
