"use client";

// The editor's graph state (React Flow nodes and edges) and every edit the UI can make to it.
import { addEdge, useEdgesState, useNodesState, type Connection, type Edge, type XYPosition } from "@xyflow/react";
import { useCallback, useState } from "react";
import type { FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";
import { fromDefinition, type CatalogNodeData, type EditorEdge, type EditorNode } from "./definition-bridge";
import { appendAfter, createNode, edgeId } from "./graph-ops";
import { isTriggerKind } from "./kinds";

export function useEditorGraph(initial: FlowDefinition) {
  const [start] = useState(() => fromDefinition(initial));
  const [nodes, setNodes, onNodesChange] = useNodesState<EditorNode>(start.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<EditorEdge>(start.edges);
  // A flow has exactly one trigger; the palette and drops refuse a second one.
  const hasTrigger = nodes.some((n) => isTriggerKind(getNodeKind(n.type ?? "")));

  const addKind = useCallback(
    (type: string) => {
      const kind = getNodeKind(type);
      if (!kind || (hasTrigger && isTriggerKind(kind))) return;
      const next = appendAfter(kind, nodes, edges);
      setNodes(next.nodes);
      setEdges(next.edges);
    },
    [hasTrigger, nodes, edges, setNodes, setEdges],
  );

  const dropKind = useCallback(
    (type: string, position: XYPosition) => {
      const kind = getNodeKind(type);
      if (!kind || (hasTrigger && isTriggerKind(kind))) return;
      // Not selected: opening the settings panel would narrow the canvas under the user's cursor.
      setNodes((nds) => [...nds, createNode(kind, nds, position)]);
    },
    [hasTrigger, setNodes],
  );

  const connect = useCallback(
    (c: Connection) => setEdges((eds) => addEdge({ ...c, id: edgeId(c.source, c.target) }, eds)),
    [setEdges],
  );

  const updateNodeData = useCallback(
    (id: string, patch: Partial<CatalogNodeData>) =>
      setNodes((nds) => nds.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n))),
    [setNodes],
  );

  const deleteNode = useCallback(
    (id: string) => {
      setNodes((nds) => nds.filter((n) => n.id !== id));
      setEdges((eds) => eds.filter((e) => e.source !== id && e.target !== id));
    },
    [setNodes, setEdges],
  );

  const selectNode = useCallback(
    (id: string) =>
      setNodes((nds) => nds.map((n) => (Boolean(n.selected) === (n.id === id) ? n : { ...n, selected: n.id === id }))),
    [setNodes],
  );

  return { nodes, edges, onNodesChange, onEdgesChange, hasTrigger, addKind, dropKind, connect, updateNodeData, deleteNode, selectNode };
}

export type EditorGraph = ReturnType<typeof useEditorGraph>;

/** No self-loops and nothing into a trigger (checkGraph would flag both; refuse them up front). */
export function isValidConnection(c: Edge | Connection, nodes: EditorNode[]): boolean {
  if (c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  return !isTriggerKind(getNodeKind(target?.type ?? ""));
}
