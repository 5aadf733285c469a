"use client";

// Narrows the request log by verdict and by which URL (live or test) the request came to.
import { useId } from "react";
import type { DeliveryFilter } from "@/lib/queries/deliveries";
import { inputStyles } from "@/components/ui/styles";
import { verdicts } from "./verdicts";

type Props = { filter: DeliveryFilter; onChange: (filter: DeliveryFilter) => void };

export function DeliveryFilters({ filter, onChange }: Props) {
  const verdictId = useId();
  const kindId = useId();
  return (
    <div className="flex flex-wrap items-end gap-4">
      <div className="flex flex-col gap-1">
        <label htmlFor={verdictId} className="text-xs font-medium text-slate-600">
          Verdict
        </label>
        <select
          id={verdictId}
          value={filter.verdict ?? ""}
          onChange={(e) => onChange({ ...filter, verdict: e.target.value || undefined })}
          className={`${inputStyles} w-48`}
        >
          <option value="">All verdicts</option>
          {verdicts.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={kindId} className="text-xs font-medium text-slate-600">
          URL
        </label>
        <select
          id={kindId}
          value={filter.kind ?? ""}
          onChange={(e) =>
            onChange({
              ...filter,
              kind: e.target.value === "live" || e.target.value === "test" ? e.target.value : undefined,
            })
          }
          className={`${inputStyles} w-40`}
        >
          <option value="">Live and test</option>
          <option value="live">Live</option>
          <option value="test">Test</option>
        </select>
      </div>
    </div>
  );
}
