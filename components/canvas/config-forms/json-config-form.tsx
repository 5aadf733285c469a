"use client";

// Fallback for kinds without a dedicated form: edit the config as JSON. Keeps a new catalog kind
// usable in the editor before anyone writes its form.
import { useState } from "react";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "./field";
import type { ConfigFormProps } from "./types";

export function JsonConfigForm({ config, onChange, errors }: ConfigFormProps) {
  const [text, setText] = useState(() => JSON.stringify(config, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const schemaError = [...errors].map(([path, message]) => (path ? `${path}: ${message}` : message))[0];

  const edit = (next: string) => {
    setText(next);
    try {
      const value: unknown = JSON.parse(next);
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new Error("Settings must be a JSON object");
      setParseError(null);
      onChange(value as Record<string, unknown>);
    } catch (err) {
      setParseError(err instanceof Error ? err.message : "Invalid JSON");
    }
  };

  return (
    <Field label="Settings (JSON)" error={parseError ?? schemaError}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={text}
          onChange={(e) => edit(e.target.value)}
          rows={10}
          spellCheck={false}
          className={`${inputStyles} font-mono text-xs`}
        />
      )}
    </Field>
  );
}
