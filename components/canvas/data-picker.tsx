"use client";

// The mapping picker: the captured sample of the trigger and the last outputs of the nodes that
// run before this one, as a browsable tree. Clicking a value inserts its {{ reference }} into the
// text field focused last (insert-reference.ts), so every text field of every form takes it.
import { useState } from "react";
import { dataTree, toReference, type DataNode } from "@/lib/flows/data-paths";

export type PickerSource = {
  id: string;
  title: string;
  root: string[];
  value: unknown;
  empty: string;
  /** How often a field was present in recent deliveries ("missing in 3 of the last 100"), by path. */
  presence?: (path: string[]) => string | null;
};

export function DataPicker({ sources, onPick }: { sources: PickerSource[]; onPick: (reference: string) => void }) {
  return (
    <div
      data-testid="data-picker"
      className="flex max-h-80 flex-col gap-2 overflow-auto rounded-md border border-slate-200 bg-white p-2 text-xs"
    >
      {sources.map((s) => (
        <section key={s.id} aria-label={s.title}>
          <h3 className="mb-1 font-semibold text-slate-700">{s.title}</h3>
          {s.value === undefined ? (
            <p className="text-slate-500">{s.empty}</p>
          ) : (
            <Tree node={dataTree(s.value, s.root)} onPick={onPick} presence={s.presence} open />
          )}
        </section>
      ))}
    </div>
  );
}

function Tree({
  node,
  onPick,
  presence,
  open: initiallyOpen = false,
}: {
  node: DataNode;
  onPick: (ref: string) => void;
  presence?: PickerSource["presence"];
  open?: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const label = node.key || "(root)";
  const seen = presence?.(node.path) ?? null;
  const seenBadge = seen && (
    <span
      data-presence={node.path.join(".")}
      className={`shrink-0 text-[10px] ${seen.startsWith("missing") ? "text-amber-700" : "text-slate-400"}`}
    >
      {seen}
    </span>
  );
  if (!node.children) {
    return (
      <button
        type="button"
        data-path={node.path.join(".")}
        title={`Insert ${toReference(node.path)}`}
        onClick={() => onPick(toReference(node.path))}
        className="flex w-full min-w-0 items-baseline gap-2 rounded px-1 py-0.5 text-left hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <span className="shrink-0 font-mono font-medium text-slate-800">{label}</span>
        <span className="truncate font-mono text-slate-500">{node.preview}</span>
        {seenBadge}
      </button>
    );
  }
  return (
    <div>
      <div className="flex items-center gap-1">
        <button
          type="button"
          aria-expanded={open}
          data-expand={node.path.join(".")}
          onClick={() => setOpen((o) => !o)}
          className="flex min-w-0 items-baseline gap-1 rounded px-1 py-0.5 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <span aria-hidden className="w-3 text-slate-400">
            {open ? "▾" : "▸"}
          </span>
          <span className="font-mono font-medium text-slate-800">{label}</span>
          <span className="text-slate-500">{node.preview}</span>
          {seenBadge}
        </button>
        <button
          type="button"
          onClick={() => onPick(toReference(node.path))}
          className="rounded px-1 text-[11px] text-indigo-700 hover:bg-indigo-50"
          title={`Insert ${toReference(node.path)} (the whole ${node.kind})`}
        >
          insert
          <span className="sr-only"> {label}</span>
        </button>
      </div>
      {open && (
        <div className="ml-3 border-l border-slate-200 pl-1">
          {node.children.map((c) => (
            <Tree key={c.key} node={c} onPick={onPick} presence={presence} />
          ))}
          {node.more && <p className="px-1 text-slate-500">…and {node.more} more</p>}
        </div>
      )}
    </div>
  );
}
