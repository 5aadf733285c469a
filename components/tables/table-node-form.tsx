"use client";

// Settings of the Data table node (lib/nodes/kinds/table.ts): the table (picked from the
// workspace's tables), the operation, and only the fields that operation uses.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { NumberField, TemplateField, str } from "@/components/canvas/config-forms/http-fields";
import type { ConfigFormProps } from "@/components/canvas/config-forms/types";
import { SelectField } from "@/components/canvas/config-forms/webhook/select-field";
import { linkStyles } from "@/components/ui/styles";
import { tableOperationLabels, tableOperations, type TableOperation } from "@/lib/nodes/kinds/table";
import { tableQueries } from "@/lib/queries/tables";

export function TableNodeForm({ config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const tables = useQuery(tableQueries.all());
  const table = str(config.table);
  const operation = (tableOperations as readonly string[]).includes(str(config.operation))
    ? (str(config.operation) as TableOperation)
    : "get";
  const names = (tables.data?.items ?? []).map((t) => t.name);
  const valueField = tables.data?.items.find((t) => t.name === table)?.valueField ?? "value";
  // A name no table has (renamed, or from an imported flow) stays visible so it can be changed.
  const options = [
    { value: "", label: "Choose a table…" },
    ...(table && !names.includes(table) ? [{ value: table, label: `${table} (no such table)` }] : []),
    ...names.map((n) => ({ value: n, label: n })),
  ];
  const adjusts = operation === "increment" || operation === "decrement";

  return (
    <div className="flex flex-col gap-4">
      <SelectField
        label="Table"
        value={table}
        options={options}
        onChange={(t) => set({ table: t })}
        error={errors.get("table")}
        hint={
          <>
            Tables are kept on the{" "}
            <Link href="/tables" className={linkStyles}>
              Tables
            </Link>{" "}
            page.
          </>
        }
      />
      <SelectField
        label="Operation"
        value={operation}
        options={tableOperations.map((o) => ({ value: o, label: tableOperationLabels[o] }))}
        onChange={(o) => set({ operation: o })}
        error={errors.get("operation")}
      />
      <TemplateField
        label="Row key"
        value={config.key}
        onChange={(key) => set({ key })}
        error={errors.get("key")}
        hint="Usually a reference, e.g. {{ loop.item.sku }}."
        mono
      />
      {adjusts && (
        <TemplateField
          label={`Amount (${valueField})`}
          value={config.amount ?? "1"}
          onChange={(amount) => set({ amount })}
          error={errors.get("amount")}
          hint="A number or a reference to one, e.g. {{ loop.item.quantity }}."
          mono
        />
      )}
      {operation === "decrement" && (
        <>
          <NumberField
            label="Floor"
            value={config.floor ?? 0}
            onChange={(floor) => set({ floor })}
            error={errors.get("floor")}
            hint={`The ${valueField} never goes below this.`}
            min={-1e9}
            max={1e9}
            step={1}
          />
          <SelectField
            label="When the decrement would go below the floor"
            value={str(config.belowFloor, "output") as "output" | "fail"}
            options={[
              { value: "output", label: "Go on, with ok: false in the output" },
              { value: "fail", label: "Fail the step" },
            ]}
            onChange={(belowFloor) => set({ belowFloor })}
            error={errors.get("belowFloor")}
          />
        </>
      )}
      {operation === "upsert" && (
        <>
          <TemplateField
            label={`New ${valueField}`}
            value={config.value}
            onChange={(value) => set({ value })}
            error={errors.get("value")}
            hint="A number or a reference; empty keeps the current value."
            mono
          />
          <TemplateField
            label="Other fields (JSON object)"
            value={config.data}
            onChange={(data) => set({ data })}
            error={errors.get("data")}
            hint="Replaces the row's other fields; empty keeps them."
            rows={5}
            mono
            placeholder={'{\n  "title": "{{ loop.item.title }}"\n}'}
          />
        </>
      )}
      {operation !== "delete" && (
        <NumberField
          label="Low at (optional)"
          value={config.lowAt}
          onChange={(lowAt) => set({ lowAt })}
          error={errors.get("lowAt")}
          hint={`Adds low: true to the output when the ${valueField} is at or below this.`}
          min={-1e9}
          max={1e9}
          step={1}
        />
      )}
    </div>
  );
}
