"use client";

// Settings of the selected node: its name, what the kind does, the kind's form, the mapping
// picker ("Insert data"), run settings, "Test this step" and delete.
import { useId, useRef, useState } from "react";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { TestStepResult } from "@/lib/flows/test-step-types";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { ConfigForm } from "./config-forms";
import { fieldErrors } from "./config-forms/types";
import { DataPicker, type PickerSource } from "./data-picker";
import { toDefinition, type CatalogNodeData, type EditorNode } from "./definition-bridge";
import { insertAtCaret, isTextField, type TextField } from "./insert-reference";
import { isTriggerKind } from "./kinds";
import { NodeSettingsSection } from "./node-settings-section";
import { TestStep } from "./test-step";
import { KindIcon } from "@/components/apps/kind-icon";

type Props = {
  flowId: string;
  node: EditorNode;
  onChange: (id: string, patch: Partial<CatalogNodeData>) => void;
  onDelete: (id: string) => void;
  /** The data the node can reference: the sample and the outputs of the nodes before it. */
  sources: PickerSource[];
  outputs: Record<string, unknown>;
  onTestResult: (nodeId: string, r: TestStepResult) => void;
};

export function ConfigPanel({ flowId, node, onChange, onDelete, sources, outputs, onTestResult }: Props) {
  const nameId = useId();
  const type = node.type ?? "";
  const kind = getNodeKind(type);
  const lastField = useRef<TextField | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [pickHint, setPickHint] = useState<string | null>(null);
  const trigger = isTriggerKind(kind);

  const pick = (reference: string) => {
    const el = lastField.current;
    if (!el || !el.isConnected) {
      setPickHint("Click into a text field first, then pick the value to insert there.");
      return;
    }
    setPickHint(null);
    insertAtCaret(el, reference);
  };

  return (
    <aside
      data-testid="config-panel"
      aria-label="Node settings"
      className="flex w-96 shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4"
      // Remembers the text field the picker inserts into (the name field is not a mapping target).
      onFocus={(e) => {
        if (isTextField(e.target) && e.target.id !== nameId && e.target.closest("[data-mapping-target]"))
          lastField.current = e.target;
      }}
    >
      <div className="flex items-center gap-2" data-testid="config-panel-header">
        <span aria-hidden className="grid size-8 place-items-center rounded-md bg-slate-100 text-lg">
          <KindIcon kind={kind} />
        </span>
        <div>
          <p className="text-xs font-medium text-slate-500">{kind?.label ?? `Unknown type "${type}"`}</p>
          <p className="font-mono text-xs text-slate-500">{node.id}</p>
        </div>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={nameId} className="text-sm font-medium text-slate-700">
          Node name
        </label>
        <input
          id={nameId}
          value={node.data.label}
          maxLength={120}
          onChange={(e) => onChange(node.id, { label: e.target.value })}
          className={inputStyles}
        />
      </div>
      {kind && <p className="rounded-md bg-slate-50 p-2.5 text-sm text-slate-600">{kind.description}</p>}
      {!trigger && (
        <div className="flex flex-col gap-1.5">
          <button
            type="button"
            aria-expanded={pickerOpen}
            // Keeps focus (and the caret) in the field being mapped when clicked with the mouse.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => setPickerOpen((o) => !o)}
            className={`${buttonStyles.secondary} self-start`}
            title="Insert a value from the sample or an earlier step into the field you are editing"
          >
            <span aria-hidden>{"{ }"}</span> Insert data
          </button>
          {pickerOpen && (
            <div onMouseDown={(e) => e.preventDefault()}>
              <DataPicker sources={sources} onPick={pick} />
            </div>
          )}
          {pickHint && (
            <p role="status" className="text-xs text-amber-800">
              {pickHint}
            </p>
          )}
        </div>
      )}
      {/* Keyed by node: forms with local state (JSON fields) must not leak into another node. */}
      <div data-mapping-target>
        <ConfigForm
          key={node.id}
          type={type}
          nodeId={node.id}
          config={node.data.config}
          onChange={(config) => onChange(node.id, { config })}
          errors={kind ? fieldErrors(kind, node.data.config) : new Map()}
        />
      </div>
      {!trigger && (
        <NodeSettingsSection settings={node.data.settings} onChange={(settings) => onChange(node.id, { settings })} />
      )}
      {kind && !trigger && (
        <TestStep
          key={node.id}
          flowId={flowId}
          node={toDefinition([node], []).nodes[0]!}
          sideEffect={kind.sideEffect}
          outputs={outputs}
          onResult={onTestResult}
        />
      )}
      <button type="button" onClick={() => onDelete(node.id)} className={`${buttonStyles.danger} mt-auto self-start`}>
        Delete node
      </button>
    </aside>
  );
}
