"use client";

// "Start from a template": each card creates a flow from lib/flows/templates.ts with the node kinds
// this build has (a missing kind is left out and named on the card).
import { useMemo } from "react";
import { flowTemplates, materialize } from "@/lib/flows/templates";
import { buttonStyles } from "@/components/ui/styles";
import { useCreateFlowFrom } from "./use-create-flow-from";

export function TemplateGallery() {
  const create = useCreateFlowFrom();
  const built = useMemo(() => flowTemplates.map((t) => ({ t, ...materialize(t) })), []);
  return (
    <section aria-labelledby="templates-heading" className="flex flex-col gap-3">
      <h2 id="templates-heading" className="text-lg font-semibold text-slate-900">
        Start from a template
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {built.map(({ t, definition, missing }) => (
          <li
            key={t.id}
            data-testid={`template-${t.id}`}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          >
            <p className="font-semibold text-slate-900">{t.name}</p>
            <p className="text-sm text-slate-600">{t.description}</p>
            {missing.length > 0 && (
              <p className="text-xs text-amber-800">Not available in this version, left out: {missing.join(", ")}.</p>
            )}
            <button
              type="button"
              disabled={create.isPending}
              onClick={() => create.mutate({ name: t.name, definition })}
              className={`${buttonStyles.secondary} mt-auto self-start`}
              aria-label={`Use template: ${t.name}`}
            >
              Use template
            </button>
          </li>
        ))}
      </ul>
      {create.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not create the flow: {create.error.message}
        </p>
      )}
    </section>
  );
}
