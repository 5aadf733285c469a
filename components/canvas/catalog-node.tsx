"use client";

// The one canvas node component: every catalog kind renders through it, so adding a kind to
// lib/nodes/catalog.ts is enough to make it appear on the canvas. Icon, a title renamed by
// double-click, the kind's one-line summary, a red mark with the reason when invalid, the last
// run's status and duration, and one labelled output handle per branch of a branch kind.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo, useState } from "react";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { EditorNode } from "./definition-bridge";
import { useEditorInfo, useNodeIssues, useNodeRun } from "./editor-context";
import { isTriggerKind, kindOutputs, summarize } from "./kinds";
import { KindIcon } from "@/components/apps/kind-icon";
import { formatDuration } from "./format-duration";

const handleClass = "!size-3 !border-2 !border-white !bg-indigo-500";

function CatalogNodeView({ id, type, data, selected }: NodeProps<EditorNode>) {
  const kind = getNodeKind(type);
  const issues = useNodeIssues(id);
  const run = useNodeRun(id);
  const summary = kind ? summarize(kind, data.config) : `Unknown node type "${type}"`;
  const problem = issues.map((i) => i.message).join("\n");
  const outputs = kind ? kindOutputs(kind, data.config) : [];

  return (
    <div
      className={`w-60 rounded-lg border bg-white px-3 py-2.5 shadow-sm ${
        selected ? "border-indigo-500 ring-2 ring-indigo-500/30" : issues.length ? "border-red-300" : "border-slate-300"
      }`}
    >
      {!isTriggerKind(kind) && <Handle type="target" position={Position.Left} className={handleClass} />}
      <div className="flex items-center gap-2">
        <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded-md bg-slate-100 text-base">
          <KindIcon kind={kind} />
        </span>
        <div className="min-w-0 flex-1">
          <NodeTitle id={id} label={data.label || kind?.label || type} />
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
      {run && (
        <p
          data-testid="node-run"
          data-status={run.status}
          title={run.error ?? `Last run: ${run.status}`}
          className={`mt-1.5 inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${
            run.status === "succeeded"
              ? "bg-emerald-50 text-emerald-800 ring-emerald-300"
              : run.status === "failed"
                ? "bg-red-50 text-red-800 ring-red-300"
                : "bg-slate-100 text-slate-700 ring-slate-300"
          }`}
        >
          <span aria-hidden>{run.status === "succeeded" ? "✓" : run.status === "failed" ? "✕" : "…"}</span>
          {run.status}
          {run.durationMs !== null && <span className="font-normal">· {formatDuration(run.durationMs)}</span>}
        </p>
      )}
      {outputs.length > 0 ? (
        <div className="mt-2 flex flex-col items-end gap-1.5 border-t border-slate-100 pt-1.5">
          {outputs.map((o) => (
            <div
              key={o.id}
              className="relative pr-1 text-xs font-medium text-slate-600"
              data-testid={`handle-label-${o.id}`}
            >
              {o.label}
              <Handle id={o.id} type="source" position={Position.Right} className={`${handleClass} !-right-4`} />
            </div>
          ))}
        </div>
      ) : (
        <Handle type="source" position={Position.Right} className={handleClass} />
      )}
    </div>
  );
}

/** Double-click (or Enter/F2 when focused) to rename in place; Enter saves, Escape cancels. */
function NodeTitle({ id, label }: { id: string; label: string }) {
  const { renameNode } = useEditorInfo();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(label);
  if (editing) {
    const done = (save: boolean) => {
      if (save && text.trim()) renameNode(id, text.trim().slice(0, 120));
      setEditing(false);
    };
    return (
      <input
        autoFocus
        aria-label="Rename node"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => done(true)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") done(true);
          if (e.key === "Escape") done(false);
        }}
        className="nodrag w-full rounded border border-indigo-400 px-1 text-sm font-semibold text-slate-900"
      />
    );
  }
  return (
    <div
      className="truncate text-sm font-semibold text-slate-900"
      title="Double-click to rename"
      onDoubleClick={(e) => {
        e.stopPropagation();
        setText(label);
        setEditing(true);
      }}
    >
      {label}
    </div>
  );
}

export const CatalogNode = memo(CatalogNodeView);
