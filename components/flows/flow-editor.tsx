"use client";

// The flow editor: top bar, webhook and test URLs, palette | canvas | settings, live problems.
// Must be rendered inside a ReactFlowProvider (the canvas and palette drops use useReactFlow).
import { useCallback, useMemo, useState } from "react";
import type { FlowDetail } from "@/lib/api/dto";
import { checkGraph } from "@/lib/flows/check-graph";
import type { PublishResult } from "@/lib/queries/flows";
import { ConfigPanel } from "@/components/canvas/config-panel";
import { toDefinition } from "@/components/canvas/definition-bridge";
import { EditorContext, groupIssuesByNode } from "@/components/canvas/editor-context";
import { FlowCanvas } from "@/components/canvas/flow-canvas";
import { Palette } from "@/components/canvas/palette";
import { useEditorGraph } from "@/components/canvas/use-editor-graph";
import { EditorTopBar } from "./editor-top-bar";
import { IssuesList } from "./issues-list";
import { PausedBanner } from "./paused-banner";
import { PublishNotice } from "./publish-notice";
import { TestUrlPanel } from "./test-url-panel";
import { useDraftSaver } from "./use-draft-saver";
import { usePublish } from "./use-publish";
import { WebhookUrlPanel } from "./webhook-url-panel";

export function FlowEditor({ flow }: { flow: FlowDetail }) {
  const graph = useEditorGraph(flow.definition);
  const [name, setName] = useState(flow.name);
  const [liveVersion, setLiveVersion] = useState(flow.publishedVersion);

  const definition = useMemo(() => toDefinition(graph.nodes, graph.edges), [graph.nodes, graph.edges]);
  const issues = useMemo(() => checkGraph(definition), [definition]);
  const saver = useDraftSaver({ flowId: flow.id, initialRevision: flow.revision, name, definition });
  const onPublished = useCallback((r: PublishResult) => setLiveVersion(r.version), []);
  const publisher = usePublish({ flowId: flow.id, save: saver.save, onPublished });

  // URLs and the paused flag come from the cached flow, which publish, regenerate and pause update.
  const published = liveVersion !== null;
  const info = useMemo(
    () => ({ issuesByNode: groupIssuesByNode(issues), webhookUrl: published ? flow.webhookUrl : null }),
    [issues, published, flow.webhookUrl],
  );
  const selected = graph.nodes.find((n) => n.selected);

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
        />
        {flow.paused && <PausedBanner flowId={flow.id} />}
        <WebhookUrlPanel url={flow.webhookUrl} published={published} />
        <TestUrlPanel flowId={flow.id} url={flow.testWebhookUrl} runsDraft={flow.testRunsDraft} />
        <PublishNotice status={publisher.status} onDismiss={publisher.dismiss} />
        <div className="flex min-h-0 flex-1">
          <Palette hasTrigger={graph.hasTrigger} onAdd={graph.addKind} />
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="min-h-0 flex-1">
              <FlowCanvas graph={graph} />
            </div>
            <IssuesList issues={issues} onSelectNode={graph.selectNode} />
          </div>
          {selected && <ConfigPanel node={selected} onChange={graph.updateNodeData} onDelete={graph.deleteNode} />}
        </div>
      </div>
    </EditorContext>
  );
}
