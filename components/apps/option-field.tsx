"use client";

// A field with choices from the vendor (Trello boards, spreadsheets, tabs…): a list fetched with
// the node's account (GET /api/apps/options), and the text input kept for manual entry or a
// {{ reference }} when the list cannot be loaded.
import { useQuery } from "@tanstack/react-query";
import { Field } from "@/components/canvas/config-forms/field";
import { inputStyles } from "@/components/ui/styles";
import { fetchJson } from "@/lib/queries/fetch-json";

type Props = {
  appId: string;
  field: string;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  credentialId: string;
  /** The values of the fields this one depends on (e.g. the board for its lists). */
  depends: Record<string, string>;
  value: string;
  onChange: (value: string) => void;
};

export function OptionField({ appId, field, label, hint, error, credentialId, depends, value, onChange }: Props) {
  const ready = credentialId !== "" && Object.values(depends).every((v) => v !== "" && !v.includes("{{"));
  const params = new URLSearchParams({ app: appId, field, credentialId, ...depends });
  const options = useQuery({
    queryKey: ["app-options", appId, field, credentialId, depends],
    queryFn: ({ signal }) =>
      fetchJson<{ items: Array<{ value: string; label: string }> }>(`/api/apps/options?${params}`, { signal }),
    enabled: ready,
    staleTime: 60_000,
    retry: false,
  });
  const items = options.data?.items ?? [];
  return (
    <Field
      label={label}
      error={error}
      hint={options.error ? `Choices could not be loaded (${options.error.message}); type the id instead.` : hint}
    >
      {({ id, describedBy, invalid }) => (
        <div className="flex flex-col gap-1">
          {items.length > 0 && (
            <select
              aria-label={`${label}: choose`}
              value={items.some((o) => o.value === value) ? value : ""}
              onChange={(e) => e.target.value && onChange(e.target.value)}
              className={inputStyles}
            >
              <option value="">Choose…</option>
              {items.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={value}
            placeholder={items.length > 0 ? "…or type an id or a {{ reference }}" : "An id or a {{ reference }}"}
            onChange={(e) => onChange(e.target.value)}
            className={inputStyles}
          />
        </div>
      )}
    </Field>
  );
}
