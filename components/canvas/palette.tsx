"use client";

// The node palette, derived from the catalog: search, groups, and one item per kind.
import { useId, useState } from "react";
import { inputStyles } from "@/components/ui/styles";
import { groupOrder, isTriggerKind, kinds } from "./kinds";
import { PaletteItem } from "./palette-item";

type Props = { hasTrigger: boolean; onAdd: (type: string) => void };

export function Palette({ hasTrigger, onAdd }: Props) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const q = query.trim().toLowerCase();
  const matches = kinds.filter((k) => !q || `${k.label} ${k.description} ${k.type}`.toLowerCase().includes(q));
  const groups = groupOrder
    .map((group) => ({ group, items: matches.filter((k) => k.group === group) }))
    .filter((g) => g.items.length > 0);

  return (
    <aside
      data-testid="palette"
      className="flex w-64 shrink-0 flex-col gap-3 overflow-y-auto border-r border-slate-200 bg-white p-3"
    >
      <div>
        <label htmlFor={searchId} className="mb-1 block text-xs font-semibold text-slate-600">
          Search nodes
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. HTTP"
          className={inputStyles}
        />
      </div>
      <p className="text-xs text-slate-500">
        Click a node to add it after the selected one, or drag it onto the canvas.
      </p>
      {groups.map(({ group, items }) => (
        <section key={group} aria-labelledby={`${searchId}-${group}`}>
          <h2
            id={`${searchId}-${group}`}
            className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase"
          >
            {group}
          </h2>
          <ul className="flex flex-col gap-1.5">
            {items.map((kind) => (
              <li key={kind.type}>
                <PaletteItem
                  kind={kind}
                  disabledReason={
                    hasTrigger && isTriggerKind(kind)
                      ? "A flow has one trigger: delete the current one to switch to this kind"
                      : null
                  }
                  onAdd={onAdd}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && <p className="text-sm text-slate-500">No node matches “{query}”.</p>}
    </aside>
  );
}
