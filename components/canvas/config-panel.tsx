"use client";

// Settings of the selected node: its name, what the kind does, and the kind's form.
import { useId } from "react";
import { getNodeKind } from "@/lib/nodes/catalog";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { ConfigForm } from "./config-forms";
import { fieldErrors } from "./config-forms/types";
import type { CatalogNodeData, EditorNode } from "./definition-bridge";
import { NodeIcon } from "@/components/ui/node-icon";

type Props = {
  node: EditorNode;
  onChange: (id: string, patch: Partial<CatalogNodeData>) => void;
  onDelete: (id: string) => void;
};

export function ConfigPanel({ node, onChange, onDelete }: Props) {
  const nameId = useId();
  const type = node.type ?? "";
  const kind = getNodeKind(type);

  return (
    <aside data-testid="config-panel" aria-label="Node settings" className="flex w-80 shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4">
      <div className="flex items-center gap-2">
        <span aria-hidden className="grid size-8 place-items-center rounded-md bg-slate-100 text-lg">
          <NodeIcon name={kind?.icon} />
        </span>
        <div>
          <p className="text-xs font-medium text-slate-500">{kind?.label ?? `Unknown type "${type}"`}</p>
          <p className="font-mono text-xs text-slate-400">{node.id}</p>
        </div>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={nameId} className="text-sm font-medium text-slate-700">
          Node name
        </label>
        <input id={nameId} value={node.data.label} maxLength={120} onChange={(e) => onChange(node.id, { label: e.target.value })} className={inputStyles} />
      </div>
      {kind && <p className="rounded-md bg-slate-50 p-2.5 text-sm text-slate-600">{kind.description}</p>}
      {/* Keyed by node: forms with local state (the JSON fallback) must not leak into another node. */}
      <ConfigForm
        key={node.id}
        type={type}
        nodeId={node.id}
        config={node.data.config}
        onChange={(config) => onChange(node.id, { config })}
        errors={kind ? fieldErrors(kind, node.data.config) : new Map()}
      />
      <button type="button" onClick={() => onDelete(node.id)} className={`${buttonStyles.danger} mt-auto self-start`}>
        Delete node
      </button>
    </aside>
  );
}
