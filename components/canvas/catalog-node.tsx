"use client";

// The one canvas node component: every catalog kind renders through it, so adding a kind to
// lib/nodes/catalog.ts is enough to make it appear on the canvas.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { EditorNode } from "./definition-bridge";
import { useNodeIssues } from "./editor-context";
import { isTriggerKind, summarize } from "./kinds";
import { NodeIcon } from "@/components/ui/node-icon";

const handleClass = "!size-3 !border-2 !border-white !bg-indigo-500";

function CatalogNodeView({ id, type, data, selected }: NodeProps<EditorNode>) {
  const kind = getNodeKind(type);
  const issues = useNodeIssues(id);
  const summary = kind ? summarize(kind, data.config) : `Unknown node type "${type}"`;
  const problem = issues.map((i) => i.message).join("\n");

  return (
    <div
      className={`w-60 rounded-lg border bg-white px-3 py-2.5 shadow-sm ${
        selected ? "border-indigo-500 ring-2 ring-indigo-500/30" : issues.length ? "border-red-300" : "border-slate-300"
      }`}
    >
      {!isTriggerKind(kind) && <Handle type="target" position={Position.Left} className={handleClass} />}
      <div className="flex items-center gap-2">
        <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded-md bg-slate-100 text-base">
          <NodeIcon name={kind?.icon} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-semibold text-slate-900">{data.label || kind?.label || type}</div>
          <div className="truncate text-xs text-slate-500">{kind?.label ?? "Unknown kind"}</div>
        </div>
        {issues.length > 0 && (
          <span
            data-testid="node-issue"
            title={problem}
            className="grid size-5 shrink-0 place-items-center rounded-full bg-red-600 text-xs font-bold text-white"
          >
            <span aria-hidden>!</span>
            {/* Not an aria-label: those match label queries and would shadow the form's own fields. */}
            <span className="sr-only">Has problems, see the issues list</span>
          </span>
        )}
      </div>
      <p className="mt-1.5 truncate font-mono text-xs text-slate-600" title={summary}>
        {summary}
      </p>
      <Handle type="source" position={Position.Right} className={handleClass} />
    </div>
  );
}

export const CatalogNode = memo(CatalogNodeView);
