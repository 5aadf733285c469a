"use client";

// One labelled text input. Secret inputs are type=password with autocomplete "new-password", so
// the browser neither shows them nor fills in the user's own login password.
import type { ReactNode } from "react";
import { Field } from "@/components/canvas/config-forms/field";
import { inputStyles } from "@/components/ui/styles";

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  secret?: boolean;
  placeholder?: string;
  mono?: boolean;
};

export function TextField({ label, value, onChange, error, hint, secret, placeholder, mono }: Props) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={secret ? "password" : "text"}
          autoComplete={secret ? "new-password" : "off"}
          spellCheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          className={`${inputStyles} ${mono || secret ? "font-mono" : ""}`}
        />
      )}
    </Field>
  );
}
