"use client";

// A labelled select over a fixed list of options (flat, or in labelled groups).
import type { ReactNode } from "react";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "../field";

type Option<V extends string> = { value: V; label: string };
type Common<V extends string> = {
  label: string;
  value: V;
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: ReactNode;
};

function Select<V extends string>({
  label,
  value,
  onChange,
  error,
  hint,
  children,
}: Common<V> & { children: ReactNode }) {
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
          {children}
        </select>
      )}
    </Field>
  );
}

const options = <V extends string>(list: readonly Option<V>[]) =>
  list.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));

export function SelectField<V extends string>(props: Common<V> & { options: readonly Option<V>[] }) {
  return <Select {...props}>{options(props.options)}</Select>;
}

/** The same with the options in labelled groups (a long list, such as the sender presets). */
export function GroupedSelectField<V extends string>(
  props: Common<V> & { groups: readonly { label: string; options: readonly Option<V>[] }[] },
) {
  return (
    <Select {...props}>
      {props.groups.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {options(g.options)}
        </optgroup>
      ))}
    </Select>
  );
}
