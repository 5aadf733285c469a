"use client";

import type { DragEvent } from "react";
import type { NodeKind } from "@/lib/nodes/catalog";
import { DND_TYPE } from "./graph-ops";
import { KindIcon } from "@/components/apps/kind-icon";

type Props = { kind: NodeKind; disabledReason: string | null; onAdd: (type: string) => void };

export function PaletteItem({ kind, disabledReason, onAdd }: Props) {
  const disabled = disabledReason !== null;
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(DND_TYPE, kind.type);
    event.dataTransfer.effectAllowed = "move";
  };

  return (
    <button
      type="button"
      data-testid={`palette-item-${kind.type}`}
      draggable={!disabled}
      disabled={disabled}
      title={disabledReason ?? kind.description}
      onDragStart={onDragStart}
      onClick={() => onAdd(kind.type)}
      className="flex w-full cursor-grab items-start gap-2 rounded-md border border-slate-200 bg-white p-2 text-left shadow-sm hover:border-indigo-300 hover:bg-indigo-50/50 focus-visible:outline-2 focus-visible:outline-indigo-600 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:border-slate-200 disabled:hover:bg-white"
    >
      <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded bg-slate-100 text-base">
        <KindIcon kind={kind} />
      </span>
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-900">{kind.label}</span>
        <span className="block text-xs text-slate-500">{disabledReason ?? kind.description}</span>
      </span>
    </button>
  );
}
