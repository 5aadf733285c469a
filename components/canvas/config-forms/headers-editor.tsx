"use client";

// Request headers as editable rows. Several rows share the labels "Header name" / "Header value";
// the row number is in the remove button's name so each row stays distinguishable.
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import type { FieldErrors } from "./types";

export type HeaderRow = { name: string; value: string };

type Props = { headers: HeaderRow[]; onChange: (headers: HeaderRow[]) => void; errors: FieldErrors };

export function HeadersEditor({ headers, onChange, errors }: Props) {
  const update = (index: number, patch: Partial<HeaderRow>) =>
    onChange(headers.map((h, i) => (i === index ? { ...h, ...patch } : h)));

  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">Headers</legend>
      {headers.length === 0 && <p className="text-xs text-slate-500">No extra headers.</p>}
      {headers.map((header, index) => {
        const error = errors.get(`headers.${index}.name`) ?? errors.get(`headers.${index}.value`);
        return (
          <div key={index} className="flex flex-col gap-1">
            <div className="flex items-center gap-1.5">
              <input
                aria-label="Header name"
                aria-invalid={Boolean(error)}
                value={header.name}
                onChange={(e) => update(index, { name: e.target.value })}
                placeholder="Authorization"
                className={`${inputStyles} font-mono`}
              />
              <input
                aria-label="Header value"
                value={header.value}
                onChange={(e) => update(index, { value: e.target.value })}
                placeholder="Bearer …"
                className={`${inputStyles} font-mono`}
              />
              <button
                type="button"
                onClick={() => onChange(headers.filter((_, i) => i !== index))}
                className={buttonStyles.ghost}
                title="Remove this header"
              >
                <span aria-hidden>✕</span>
                <span className="sr-only">Remove header {index + 1}</span>
              </button>
            </div>
            {error && <p className="text-xs font-medium text-red-700">{error}</p>}
          </div>
        );
      })}
      {errors.get("headers") && <p className="text-xs font-medium text-red-700">{errors.get("headers")}</p>}
      <button
        type="button"
        onClick={() => onChange([...headers, { name: "", value: "" }])}
        className={`${buttonStyles.secondary} self-start`}
      >
        Add header
      </button>
    </fieldset>
  );
}
