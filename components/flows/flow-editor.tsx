"use client";

// The flow editor: top bar, webhook and test URLs, palette | canvas | settings, live problems.
// Must be rendered inside a ReactFlowProvider (the canvas and palette drops use useReactFlow).
import { useCallback, useMemo, useState } from "react";
import type { FlowDetail } from "@/lib/api/dto";
import { checkGraph } from "@/lib/flows/check-graph";
import type { FlowDefinition, FlowSettings } from "@/lib/flows/definition";
import { ancestors, referenceIssues } from "@/lib/flows/reference-check";
import type { PublishResult } from "@/lib/queries/flows";
import { ConfigPanel } from "@/components/canvas/config-panel";
import type { PickerSource } from "@/components/canvas/data-picker";
import { presetSample } from "@/components/canvas/preset-sample";
import { toDefinition } from "@/components/canvas/definition-bridge";
import { EditorContext, groupIssuesByNode, type EditorInfo } from "@/components/canvas/editor-context";
import { FlowCanvas } from "@/components/canvas/flow-canvas";
import { isTriggerKind } from "@/components/canvas/kinds";
import { Palette } from "@/components/canvas/palette";
import { useEditorGraph } from "@/components/canvas/use-editor-graph";
import { EditorForesight, useForesight } from "@/components/foresight/editor-foresight";
import { pickerPresence, presenceForSample } from "@/lib/foresight/picker-presence";
import { getNodeKind } from "@/lib/nodes/catalog";
import { EditorTopBar } from "./editor-top-bar";
import { FlowSettingsPanel } from "./flow-settings-panel";
import { IssuesList } from "./issues-list";
import { PausedBanner } from "./paused-banner";
import { PublishNotice } from "./publish-notice";
import { ReferenceWarnings } from "./reference-warnings";
import { TestUrlPanel } from "./test-url-panel";
import { useDraftSaver } from "./use-draft-saver";
import { usePublish } from "./use-publish";
import { useRunData } from "./use-run-data";
import { WebhookUrlPanel } from "./webhook-url-panel";

export function FlowEditor({ flow }: { flow: FlowDetail }) {
  const graph = useEditorGraph(flow.definition);
  const [name, setName] = useState(flow.name);
  const [liveVersion, setLiveVersion] = useState(flow.publishedVersion);
  const [flowSettings, setFlowSettings] = useState<FlowSettings | undefined>(flow.definition.settings);
  const [showFlowSettings, setShowFlowSettings] = useState(false);
  const [restored, setRestored] = useState<number | null>(null);

  // React Flow replaces node objects for sizes, selection and drags in progress; the definition
  // (and the checks, the saver and every node's context below it) only changes with its content.
  const draftDefinition = useMemo(
    () => toDefinition(graph.nodes, graph.edges, flowSettings ? { settings: flowSettings } : {}),
    [graph.nodes, graph.edges, flowSettings],
  );
  const definitionKey = useMemo(() => JSON.stringify(draftDefinition), [draftDefinition]);
  const definition = useMemo(() => JSON.parse(definitionKey) as FlowDefinition, [definitionKey]);
  const issues = useMemo(() => checkGraph(definition), [definition]);
  const saver = useDraftSaver({ flowId: flow.id, initialRevision: flow.revision, name, definition });
  const onPublished = useCallback((r: PublishResult) => setLiveVersion(r.version), []);
  const publisher = usePublish({ flowId: flow.id, save: saver.save, onPublished });
  const data = useRunData(flow.id);

  const triggerNode = graph.nodes.find((n) => isTriggerKind(getNodeKind(n.type ?? "")));
  const triggerData = data.trigger ?? (triggerNode ? data.outputs[triggerNode.id] : undefined);
  const foresight = useForesight(flow.id);
  const presenceTable = useMemo(
    () =>
      foresight ? presenceForSample(foresight.presence, triggerData as { headers?: Record<string, string> }) : null,
    [foresight, triggerData],
  );
  const refIssues = useMemo(
    () => referenceIssues(definition, { trigger: triggerData, nodes: data.outputs }),
    [definition, triggerData, data.outputs],
  );

  const { updateNodeData, insertKindOnEdge } = graph;
  const renameNode = useCallback((id: string, label: string) => updateNodeData(id, { label }), [updateNodeData]);
  const insertOnEdge = useCallback(
    (edgeId: string, type: string) => insertKindOnEdge(type, edgeId),
    [insertKindOnEdge],
  );

  // URLs and the paused flag come from the cached flow, which publish, regenerate and pause update.
  const published = liveVersion !== null;
  const info = useMemo<EditorInfo>(
    () => ({
      issuesByNode: groupIssuesByNode(issues),
      webhookUrl: published ? flow.webhookUrl : null,
      runByNode: data.runByNode,
      renameNode,
      insertOnEdge,
    }),
    [issues, published, flow.webhookUrl, data.runByNode, renameNode, insertOnEdge],
  );
  const selected = graph.nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0] : undefined;

  // Until a request is captured, the sender preset's example stands in (components/canvas/preset-sample.ts).
  const triggerConfig = triggerNode?.data.config;
  const example = useMemo(
    () => (triggerData === undefined ? presetSample(triggerConfig) : null),
    [triggerData, triggerConfig],
  );

  // The picker offers the sample and the outputs of the nodes that run before the selected one.
  const sources = useMemo<PickerSource[]>(() => {
    if (!single) return [];
    const before = ancestors(definition, single.id);
    const list: PickerSource[] = [
      {
        id: "trigger",
        title: example?.title ?? "Trigger (captured sample)",
        root: ["trigger"],
        value: triggerData ?? example?.value,
        empty: "No sample yet: send a request to the test URL above.",
        presence: presenceTable ? (path) => pickerPresence(presenceTable, path) : undefined,
      },
    ];
    for (const n of graph.nodes) {
      if (!before.has(n.id) || n.id === triggerNode?.id) continue;
      list.push({
        id: n.id,
        title: `${n.data.label} (last output)`,
        root: ["nodes", n.id],
        value: data.outputs[n.id],
        empty: "No output yet: run the flow or test this step.",
      });
    }
    return list;
  }, [single, definition, triggerData, example, graph.nodes, triggerNode?.id, data.outputs, presenceTable]);

  const restore = useCallback(
    (def: FlowDefinition, number: number) => {
      graph.replace(def);
      setFlowSettings(def.settings);
      setRestored(number);
    },
    [graph],
  );

  return (
    <EditorContext value={info}>
      <div className="flex h-full flex-col">
        <EditorTopBar
          flowId={flow.id}
          name={name}
          onNameChange={setName}
          save={{ label: saver.label, phase: saver.status.phase, dirty: saver.dirty, onSave: () => void saver.save() }}
          publishing={publisher.status.phase === "publishing"}
          onPublish={() => void publisher.publish()}
          publishedVersion={liveVersion}
          paused={flow.paused}
          onRestoreVersion={restore}
          exportDefinition={definition}
          onToggleFlowSettings={() => {
            graph.selectNode("");
            setShowFlowSettings((s) => !s);
          }}
          flowSettingsOpen={showFlowSettings}
        />
        {flow.paused && <PausedBanner flowId={flow.id} />}
        <WebhookUrlPanel url={flow.webhookUrl} published={published} />
        <TestUrlPanel flowId={flow.id} url={flow.testWebhookUrl} runsDraft={flow.testRunsDraft} />
        <PublishNotice status={publisher.status} onDismiss={publisher.dismiss} />
        <EditorForesight foresight={foresight} />
        {restored !== null && (
          <div
            role="status"
            className="flex shrink-0 items-center gap-3 border-b border-indigo-200 bg-indigo-50 px-4 py-1.5 text-sm text-indigo-900"
          >
            Restored v{restored} as the draft. Publish to make it live, or undo (Ctrl/Cmd+Z).
            <button type="button" onClick={() => setRestored(null)} className="ml-auto text-indigo-700 hover:underline">
              Dismiss
            </button>
          </div>
        )}
        <div className="flex min-h-0 flex-1">
          <Palette hasTrigger={graph.hasTrigger} onAdd={graph.addKind} />
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="min-h-0 flex-1">
              <FlowCanvas graph={graph} />
            </div>
            <IssuesList issues={issues} onSelectNode={graph.selectNode} />
            <ReferenceWarnings issues={refIssues} onSelectNode={graph.selectNode} />
          </div>
          {single ? (
            <ConfigPanel
              key={single.id}
              flowId={flow.id}
              node={single}
              onChange={graph.updateNodeData}
              onDelete={graph.deleteNode}
              sources={sources}
              outputs={data.testOutputs}
              onTestResult={data.onTestResult}
            />
          ) : (
            showFlowSettings && (
              <FlowSettingsPanel
                settings={flowSettings}
                onChange={setFlowSettings}
                onClose={() => setShowFlowSettings(false)}
              />
            )
          )}
        </div>
      </div>
    </EditorContext>
  );
}
