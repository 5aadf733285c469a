"use client";

// A labelled select over a fixed list of options.
import type { ReactNode } from "react";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "../field";

type Props<V extends string> = {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: ReactNode;
};

export function SelectField<V extends string>({ label, value, options, onChange, error, hint }: Props<V>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={value}
          onChange={(e) => onChange(e.target.value as V)}
          className={inputStyles}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
