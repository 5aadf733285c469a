"use client";

// The canvas edge: a bezier with the branch's label (true/false, a case name) and, on hover or
// focus, a "+" button that inserts a node on it.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo, useState } from "react";
import { useEditorInfo } from "./editor-context";
import { isTriggerKind, kinds } from "./kinds";

export type LabelledEdgeData = { label?: string };

function LabelledEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  style,
  markerEnd,
}: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const [open, setOpen] = useState(false);
  const { insertOnEdge } = useEditorInfo();
  const label = (data as LabelledEdgeData | undefined)?.label;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={{ ...style, stroke: selected ? "var(--color-indigo-600)" : undefined }}
        markerEnd={markerEnd}
      />
      <EdgeLabelRenderer>
        <div
          className="nodrag nopan group pointer-events-auto absolute flex -translate-x-1/2 -translate-y-1/2 items-center gap-1"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`edge-tools-${id}`}
        >
          {label && (
            <span className="rounded bg-white px-1.5 py-0.5 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-slate-200">
              {label}
            </span>
          )}
          <button
            type="button"
            aria-label="Insert a node here"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
            className="grid size-5 place-items-center rounded-full bg-white text-xs font-bold text-indigo-700 shadow ring-1 ring-slate-300 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            +
          </button>
          {open && (
            <div
              role="menu"
              className="absolute top-6 left-1/2 z-20 w-48 -translate-x-1/2 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
            >
              {kinds
                .filter((k) => !isTriggerKind(k))
                .map((k) => (
                  <button
                    key={k.type}
                    type="button"
                    role="menuitem"
                    onClick={() => {
                      setOpen(false);
                      insertOnEdge(id, k.type);
                    }}
                    className="block w-full px-3 py-1 text-left text-sm text-slate-700 hover:bg-slate-100"
                  >
                    {k.label}
                  </button>
                ))}
            </div>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const LabelledEdge = memo(LabelledEdgeView);
