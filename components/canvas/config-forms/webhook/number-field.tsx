"use client";

// A labelled number input; emptying it gives undefined, so the schema's default applies again
// (shown as the placeholder).
import type { ReactNode } from "react";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "../field";

type Props = {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  placeholder?: number;
  min?: number;
  max?: number;
  step?: number | "any";
  error?: string | undefined;
  hint?: ReactNode;
};

export function NumberField({ label, value, onChange, placeholder, min, max, step = 1, error, hint }: Props) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={value ?? ""}
          placeholder={placeholder === undefined ? undefined : String(placeholder)}
          onChange={(e) => onChange(Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
          className={inputStyles}
        />
      )}
    </Field>
  );
}
