"use client";

// Small inputs shared by the action forms (HTTP, e-mail, chat): a templated text or text area with
// the template syntax check, a number, a checkbox, and name/value rows (query, form fields).
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { asRecord } from "../kinds";
import { Field } from "./field";
import { templateProblems } from "./template-problems";
import type { FieldErrors } from "./types";
import { inSentence } from "@/components/ui/in-sentence";

export const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

type TextProps = {
  label: string;
  value: unknown;
  onChange: (v: string) => void;
  error?: string | undefined;
  hint?: React.ReactNode;
  placeholder?: string;
  rows?: number;
  mono?: boolean;
};

/** A template input: the schema's error, else the first {{ }} syntax problem. */
export function TemplateField({ label, value, onChange, error, hint, placeholder, rows, mono }: TextProps) {
  const text = str(value);
  const className = `${inputStyles} ${mono ? "font-mono" : ""} ${rows ? "text-xs leading-relaxed" : ""}`;
  return (
    <Field label={label} error={error ?? templateProblems(text)[0]} hint={hint}>
      {({ id, describedBy, invalid }) =>
        rows ? (
          <textarea
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={text}
            onChange={(e) => onChange(e.target.value)}
            rows={rows}
            spellCheck={false}
            placeholder={placeholder}
            className={className}
          />
        ) : (
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={text}
            onChange={(e) => onChange(e.target.value)}
            placeholder={placeholder}
            className={className}
          />
        )
      }
    </Field>
  );
}

export function NumberField({
  label,
  value,
  onChange,
  error,
  hint,
  min,
  max,
  step,
}: {
  label: string;
  value: unknown;
  onChange: (v: number | undefined) => void;
  error?: string | undefined;
  hint?: string;
  min: number;
  max: number;
  step: number;
}) {
  const shown = typeof value === "number" && Number.isFinite(value) ? value : "";
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          step={step}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={shown}
          onChange={(e) => onChange(Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
          className={inputStyles}
        />
      )}
    </Field>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

export type Pair = { name: string; value: string };
export const pairsOf = (v: unknown): Pair[] =>
  Array.isArray(v) ? v.map((p) => ({ name: str(asRecord(p).name), value: str(asRecord(p).value) })) : [];

/** Name/value rows under a legend; errors at `<path>.<i>.name|value`. */
export function PairsEditor({
  legend,
  path,
  rows,
  onChange,
  errors,
  nameLabel,
  valueLabel,
  addLabel,
}: {
  legend: string;
  path: string;
  rows: Pair[];
  onChange: (rows: Pair[]) => void;
  errors: FieldErrors;
  nameLabel: string;
  valueLabel: string;
  addLabel: string;
}) {
  const update = (index: number, patch: Partial<Pair>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      {rows.map((row, index) => {
        const error =
          errors.get(`${path}.${index}.name`) ?? errors.get(`${path}.${index}.value`) ?? templateProblems(row.value)[0];
        return (
          <div key={index} className="flex flex-col gap-1">
            <div className="flex items-center gap-1.5">
              <input
                aria-label={nameLabel}
                aria-invalid={Boolean(error)}
                value={row.name}
                onChange={(e) => update(index, { name: e.target.value })}
                className={`${inputStyles} font-mono`}
              />
              <input
                aria-label={valueLabel}
                value={row.value}
                onChange={(e) => update(index, { value: e.target.value })}
                className={`${inputStyles} font-mono`}
              />
              <button
                type="button"
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
                className={buttonStyles.ghost}
                title="Remove"
              >
                <span aria-hidden>✕</span>
                <span className="sr-only">
                  Remove {inSentence(nameLabel)} {index + 1}
                </span>
              </button>
            </div>
            {error && <p className="text-xs font-medium text-red-700">{error}</p>}
          </div>
        );
      })}
      <button
        type="button"
        onClick={() => onChange([...rows, { name: "", value: "" }])}
        className={`${buttonStyles.secondary} self-start`}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}
