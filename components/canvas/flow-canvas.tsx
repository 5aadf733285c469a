"use client";

// The React Flow canvas: renders the graph, takes palette drops and new connections, and the
// editing shortcuts (undo/redo, copy/paste, delete) with a toolbar for each of them.
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FitViewOptions,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from "react";
import { useColorMode } from "@/components/ui/theme";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { EditorEdge } from "./definition-bridge";
import { DND_TYPE } from "./graph-ops";
import { kindOutputs } from "./kinds";
import { CanvasToolbar } from "./canvas-toolbar";
import { edgeTypes, nodeTypes } from "./node-types";
import { isValidConnection, type EditorGraph } from "./use-editor-graph";

// Module scope: React Flow compares these props by reference.
const deleteKeys = ["Backspace", "Delete"];
const multiKeys = ["Meta", "Control", "Shift"];
// Room for the toolbar floating over the top edge; nodes never sit under it or against an edge.
const fitViewOptions = {
  maxZoom: 1,
  padding: { top: "56px", right: "32px", bottom: "32px", left: "32px" },
} satisfies FitViewOptions;
const defaultEdgeOptions = { style: { strokeWidth: 2 } };
// The attribution badge fails the contrast check; React Flow (MIT) is credited in docs/editor.md.
const proOptions = { hideAttribution: true };

const shownCache = new WeakMap<EditorEdge, EditorEdge>();

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

export function FlowCanvas({ graph }: { graph: EditorGraph }) {
  const { screenToFlowPosition, fitView, getViewport, setCenter } = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const knownIds = useRef<Set<string> | null>(null);
  const { nodes, edges, dropKind, undo, redo, copy, paste, layout } = graph;
  const colorMode = useColorMode();
  const userMoved = useRef(false);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DND_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DND_TYPE);
      if (!type) return;
      event.preventDefault();
      // The user is placing things: the view stays where they put them (no refit below).
      userMoved.current = true;
      dropKind(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [dropKind, screenToFlowPosition],
  );

  // Shortcuts anywhere in the editor except while typing in a field (there they edit the text).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || !(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) undo();
      else if ((k === "z" && e.shiftKey) || k === "y") redo();
      else if (k === "c") {
        if (!copy()) return;
      } else if (k === "v") paste();
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [undo, redo, copy, paste]);

  // A node added off screen (palette click, paste, insert) is brought into view: the user should
  // see what they just added.
  useEffect(() => {
    const prev = knownIds.current;
    knownIds.current = new Set(nodes.map((n) => n.id));
    if (!prev) return;
    const added = nodes.filter((n) => !prev.has(n.id)).at(-1);
    const box = wrapper.current?.getBoundingClientRect();
    if (!added || !box) return;
    const { x, y, zoom } = getViewport();
    const sx = added.position.x * zoom + x;
    const sy = added.position.y * zoom + y;
    if (sx >= 0 && sy >= 0 && sx + 240 * zoom <= box.width && sy + 90 * zoom <= box.height) return;
    void setCenter(added.position.x + 120, added.position.y + 45, { zoom, duration: 150 });
  }, [nodes, getViewport, setCenter]);

  // The flow is fitted into view when the editor opens (the fitView prop, once nodes are measured)
  // and again whenever the canvas changes size (the URL panels, the problems list or a settings
  // panel appearing beside it shrink it) until the user pans, zooms, drops, drags a node or draws
  // an edge: from then on the view is theirs (a refit in the middle of a gesture moves its target).
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userMoved.current = true;
  }, []);
  const onGesture = useCallback(() => {
    userMoved.current = true;
  }, []);
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    let last = "";
    const observer = new ResizeObserver(() => {
      const size = `${el.clientWidth}x${el.clientHeight}`;
      const first = last === "";
      if (size === last) return;
      last = size;
      if (!first && !userMoved.current) void fitView(fitViewOptions);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fitView]);

  const validConnection = useCallback((c: Edge | Connection) => isValidConnection(c, nodes), [nodes]);

  // Edges are drawn with the label of the branch they leave from.
  const shownEdges = useMemo(() => {
    const labels = new Map<string, Map<string, string>>();
    for (const n of nodes) {
      const kind = getNodeKind(n.type ?? "");
      const outs = kind ? kindOutputs(kind, n.data.config) : [];
      if (outs.length) labels.set(n.id, new Map(outs.map((o) => [o.id, o.label])));
    }
    return edges.map((e): EditorEdge => {
      const label = e.sourceHandle ? labels.get(e.source)?.get(e.sourceHandle) : undefined;
      // The same edge with the same label keeps its drawn object, so memoised edges do not re-render.
      const hit = shownCache.get(e);
      if (hit && hit.data?.label === label) return hit;
      const shown = { ...e, type: "labelled", data: label ? { label } : {} };
      shownCache.set(e, shown);
      return shown;
    });
  }, [nodes, edges]);

  const tidy = useCallback(() => {
    void layout().then(() => requestAnimationFrame(() => void fitView({ ...fitViewOptions, duration: 200 })));
  }, [layout, fitView]);

  return (
    // React Flow sizes itself from its parent, which therefore needs a real height.
    <div ref={wrapper} className="relative h-full w-full" data-testid="canvas">
      <CanvasToolbar graph={graph} onTidy={tidy} />
      <ReactFlow
        nodes={graph.nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={graph.onNodesChange}
        onEdgesChange={graph.onEdgesChange}
        onConnect={graph.connect}
        isValidConnection={validConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiKeys}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={fitViewOptions}
        onMoveStart={onMoveStart}
        onNodeDragStart={onGesture}
        onConnectStart={onGesture}
        colorMode={colorMode}
        defaultEdgeOptions={defaultEdgeOptions}
        proOptions={proOptions}
        minZoom={0.1}
      >
        <Background gap={20} />
        <Controls aria-label="Zoom controls" fitViewOptions={fitViewOptions} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
      </ReactFlow>
    </div>
  );
}
