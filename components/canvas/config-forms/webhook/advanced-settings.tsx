"use client";

// The rarely changed settings, folded away; opened from the start when one of them has a problem.
import { useState } from "react";
import type { SectionProps } from "./config-access";
import { DedupeFields } from "./dedupe-fields";
import { FilterFields } from "./filter-fields";
import { LimitFields } from "./limit-fields";
import { ResponseFields } from "./response-fields";
import { StaleGuardFields } from "./stale-guard-fields";

const sections = ["dedupe", "staleGuard", "eventTypes", "requiredFields", "maxBodyKb", "rateLimit", "response"];

export function AdvancedSettings(props: SectionProps) {
  const problems = [...props.errors.keys()].filter((path) => sections.includes(path.split(".")[0]!)).length;
  const [open, setOpen] = useState(problems > 0);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="rounded-md border border-slate-200">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700 select-none">
        Advanced
        {problems > 0 && (
          <span className="ml-2 text-xs font-medium text-red-700">
            {problems === 1 ? "1 problem" : `${problems} problems`}
          </span>
        )}
      </summary>
      <div className="flex flex-col gap-4 border-t border-slate-200 p-3">
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Duplicates</legend>
          <DedupeFields {...props} />
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Stale events</legend>
          <StaleGuardFields {...props} />
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Filters</legend>
          <FilterFields {...props} />
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Limits</legend>
          <LimitFields {...props} />
        </fieldset>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Response</legend>
          <ResponseFields {...props} />
        </fieldset>
      </div>
    </details>
  );
}
