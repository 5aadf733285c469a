"use client";

// A list of strings typed as text, one per line or comma separated. The text is kept as typed
// (a trailing comma or blank line is not swallowed mid-typing); it is rebuilt only when the list
// changes from outside.
import { useState, type ReactNode } from "react";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "../field";

type Props = {
  label: string;
  items: string[];
  onChange: (items: string[]) => void;
  placeholder?: string;
  error?: string | undefined;
  hint?: ReactNode;
};

const toItems = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function ListField({ label, items, onChange, placeholder, error, hint }: Props) {
  const [text, setText] = useState(() => items.join("\n"));
  const [seen, setSeen] = useState(items);
  if (!same(seen, items)) {
    setSeen(items);
    if (!same(toItems(text), items)) setText(items.join("\n"));
  }

  const edit = (next: string) => {
    setText(next);
    onChange(toItems(next));
  };

  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={text}
          onChange={(e) => edit(e.target.value)}
          rows={3}
          spellCheck={false}
          placeholder={placeholder}
          className={`${inputStyles} font-mono text-xs`}
        />
      )}
    </Field>
  );
}
