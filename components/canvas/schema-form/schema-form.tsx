"use client";

// The generic config form: draws a FieldSpec (describe.ts) with the app's inputs. Every text
// field takes {{ references }}: the panel's "Insert data" picker writes into the one last focused.
import { useId, useState, type ReactNode } from "react";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { Field } from "../config-forms/field";
import type { FieldErrors } from "../config-forms/types";
import { templateProblems } from "../config-forms/template-problems";
import { asRecord } from "../kinds";
import { JsonEditor } from "../json-editor";
import { CredentialSelect } from "./credential-select";
import { emptyValue, type FieldSpec, type ObjectField } from "./describe";
import { inSentence } from "@/components/ui/in-sentence";

export type SpecialRenderer = (props: {
  spec: FieldSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  path: string;
  label: string;
  errors: FieldErrors;
}) => ReactNode;

type Props = {
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: FieldErrors;
  /** Renders kinds this module does not know (the condition builder). */
  renderSpecial?: SpecialRenderer;
};

export function SchemaForm({ spec, value, onChange, errors, renderSpecial }: Props) {
  if (spec.kind !== "object")
    return (
      <SchemaField
        label="Value"
        spec={spec}
        value={value}
        onChange={onChange}
        path=""
        errors={errors}
        renderSpecial={renderSpecial}
      />
    );
  return (
    <ObjectFields
      fields={spec.fields}
      value={asRecord(value)}
      onChange={onChange}
      path=""
      errors={errors}
      renderSpecial={renderSpecial}
    />
  );
}

type FieldProps = {
  label: string;
  description?: string | undefined;
  spec: FieldSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  path: string;
  errors: FieldErrors;
  renderSpecial?: SpecialRenderer | undefined;
};

function ObjectFields({
  fields,
  value,
  onChange,
  path,
  errors,
  renderSpecial,
}: {
  fields: ObjectField[];
  value: Record<string, unknown>;
  onChange: (v: unknown) => void;
  path: string;
  errors: FieldErrors;
  renderSpecial?: SpecialRenderer | undefined;
}) {
  return (
    <div className="flex flex-col gap-4">
      {fields.map((f) => (
        <SchemaField
          key={f.key}
          label={f.label}
          description={f.description}
          spec={f.spec}
          value={value[f.key] ?? f.defaultValue}
          onChange={(v) => onChange({ ...value, [f.key]: v })}
          path={path ? `${path}.${f.key}` : f.key}
          errors={errors}
          renderSpecial={renderSpecial}
        />
      ))}
    </div>
  );
}

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function SchemaField({ label, description, spec, value, onChange, path, errors, renderSpecial }: FieldProps) {
  const error = errors.get(path);
  switch (spec.kind) {
    case "string": {
      if (spec.credential) {
        return (
          <Field label={label} error={error} hint={description}>
            {(ids) => (
              <CredentialSelect
                {...ids}
                type={spec.credential === true ? undefined : spec.credential}
                value={str(value)}
                onChange={(v) => onChange(v || undefined)}
              />
            )}
          </Field>
        );
      }
      const text = str(value);
      const problem = error ?? templateProblems(text)[0];
      return (
        <Field label={label} error={problem} hint={description}>
          {({ id, describedBy, invalid }) =>
            spec.format === "json" ? (
              <JsonEditor id={id} describedBy={describedBy} invalid={invalid} value={text} onChange={onChange} />
            ) : spec.multiline ? (
              <textarea
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={text}
                rows={4}
                spellCheck={false}
                onChange={(e) => onChange(e.target.value)}
                className={`${inputStyles} font-mono text-xs`}
              />
            ) : (
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={text}
                onChange={(e) => onChange(e.target.value)}
                className={inputStyles}
              />
            )
          }
        </Field>
      );
    }
    case "number":
      return (
        <Field label={label} error={error} hint={description ?? bounds(spec.min, spec.max)}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              min={spec.min}
              max={spec.max}
              step={spec.int ? 1 : "any"}
              value={typeof value === "number" && Number.isFinite(value) ? value : ""}
              onChange={(e) => onChange(Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
              className={inputStyles}
            />
          )}
        </Field>
      );
    case "boolean":
      return (
        <CheckboxField
          label={label}
          description={description}
          checked={value === true}
          onChange={onChange}
          error={error}
        />
      );
    case "enum":
      return (
        <Field label={label} error={error} hint={description}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={str(value)}
              onChange={(e) => onChange(e.target.value)}
              className={inputStyles}
            >
              {!spec.options.includes(str(value)) && <option value="">Choose…</option>}
              {spec.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case "array":
      return (
        <ArrayField
          label={label}
          description={description}
          spec={spec}
          value={value}
          onChange={onChange}
          path={path}
          errors={errors}
          renderSpecial={renderSpecial}
        />
      );
    case "object":
      return (
        <fieldset className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">{label}</legend>
          {description && <p className="text-xs text-slate-500">{description}</p>}
          <ObjectFields
            fields={spec.fields}
            value={asRecord(value)}
            onChange={onChange}
            path={path}
            errors={errors}
            renderSpecial={renderSpecial}
          />
          {error && <p className="text-xs font-medium text-red-700">{error}</p>}
        </fieldset>
      );
    case "condition":
      return renderSpecial ? (
        renderSpecial({ spec, value, onChange, path, label, errors })
      ) : (
        <JsonField label={label} value={value} onChange={onChange} error={error} />
      );
    case "json":
      return <JsonField label={label} value={value} onChange={onChange} error={error} />;
  }
}

const bounds = (min?: number, max?: number) =>
  min !== undefined && max !== undefined
    ? `${min} to ${max}`
    : min !== undefined
      ? `At least ${min}`
      : max !== undefined
        ? `At most ${max}`
        : undefined;

function CheckboxField({
  label,
  description,
  checked,
  onChange,
  error,
}: {
  label: string;
  description?: string | undefined;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          className="size-4 accent-indigo-600"
        />
        {label}
      </label>
      {description && <p className="pl-6 text-xs text-slate-500">{description}</p>}
      {error && <p className="pl-6 text-xs font-medium text-red-700">{error}</p>}
    </div>
  );
}

function ArrayField({
  label,
  description,
  spec,
  value,
  onChange,
  path,
  errors,
  renderSpecial,
}: FieldProps & { spec: Extract<FieldSpec, { kind: "array" }> }) {
  const items = Array.isArray(value) ? value : [];
  const set = (i: number, v: unknown) => onChange(items.map((x, j) => (j === i ? v : x)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">{label}</legend>
      {description && <p className="text-xs text-slate-500">{description}</p>}
      {items.length === 0 && <p className="text-xs text-slate-500">None yet.</p>}
      {items.map((item, i) => (
        <div key={i} className="flex items-start gap-1.5">
          <div className="min-w-0 flex-1">
            <SchemaField
              label={`${spec.itemLabel} ${i + 1}`}
              spec={spec.item}
              value={item}
              onChange={(v) => set(i, v)}
              path={`${path}.${i}`}
              errors={errors}
              renderSpecial={renderSpecial}
            />
          </div>
          <button
            type="button"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
            className={`${buttonStyles.ghost} mt-6`}
            title={`Remove ${inSentence(spec.itemLabel)} ${i + 1}`}
          >
            <span aria-hidden>✕</span>
            <span className="sr-only">
              Remove {inSentence(spec.itemLabel)} {i + 1}
            </span>
          </button>
        </div>
      ))}
      {errors.get(path) && <p className="text-xs font-medium text-red-700">{errors.get(path)}</p>}
      <button
        type="button"
        onClick={() => onChange([...items, emptyValue(spec.item)])}
        className={`${buttonStyles.secondary} self-start`}
      >
        Add {inSentence(spec.itemLabel)}
      </button>
    </fieldset>
  );
}

function JsonField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string | undefined;
}) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <Field label={`${label} (JSON)`} error={parseError ?? error}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={text}
          rows={5}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === "") {
              setParseError(null);
              onChange(undefined);
              return;
            }
            try {
              onChange(JSON.parse(e.target.value));
              setParseError(null);
            } catch (err) {
              setParseError(err instanceof Error ? err.message : "Invalid JSON");
            }
          }}
          className={`${inputStyles} font-mono text-xs`}
        />
      )}
    </Field>
  );
}
