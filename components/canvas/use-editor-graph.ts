"use client";

// The editor's graph state (React Flow nodes and edges) and every edit the UI can make to it.
// Each edit that changes the flow records the graph before it in the undo history (history.ts).
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { useCallback, useRef, useState } from "react";
import type { FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";
import { fromDefinition, type CatalogNodeData, type EditorEdge, type EditorNode } from "./definition-bridge";
import {
  appendAfter,
  copySelection,
  createNode,
  insertOnEdge,
  makeEdge,
  paste,
  removeNodes,
  type Clip,
} from "./graph-ops";
import { emptyHistory, record, redo as redoStep, undo as undoStep, type History } from "./history";
import { isTriggerKind } from "./kinds";

type Graph = { nodes: EditorNode[]; edges: EditorEdge[] };

// Survives switching flows in one tab, like a real clipboard.
let clipboard: Clip | null = null;

export function useEditorGraph(initial: FlowDefinition) {
  const [graph, setGraphState] = useState<Graph>(() => fromDefinition(initial));
  const [history, setHistory] = useState<History<Graph>>(emptyHistory);
  // The newest graph and history for callbacks; every change goes through set()/edit(), which keep them current.
  const latest = useRef(graph);
  const historyRef = useRef(history);
  const { nodes, edges } = graph;
  // A flow has exactly one trigger; the palette and drops refuse a second one.
  const hasTrigger = nodes.some((n) => isTriggerKind(getNodeKind(n.type ?? "")));

  const set = useCallback((next: Graph) => {
    latest.current = next;
    setGraphState(next);
  }, []);

  // React Flow reports one user action (Delete on a node) as several change batches (nodes, then
  // its edges): changes within one task share a history key, so one undo restores all of it.
  const batch = useRef<string | null>(null);
  const batchKey = useCallback(() => {
    if (!batch.current) {
      batch.current = `batch:${Math.random()}`;
      setTimeout(() => (batch.current = null), 0);
    }
    return batch.current;
  }, []);

  /** Applies an edit and makes it undoable (`key` coalesces repeated edits of one field). */
  const edit = useCallback(
    (fn: (g: Graph) => Graph | null, key: string | null = null) => {
      const before = latest.current;
      const next = fn(before);
      if (!next || next === before) return;
      const h = record(historyRef.current, before, key);
      historyRef.current = h;
      setHistory(h);
      set(next);
    },
    [set],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      // Removals and the start of a drag are edits; selection, sizes and drag moves are not.
      const meaningful = changes.some(
        (c) =>
          c.type === "remove" ||
          c.type === "add" ||
          (c.type === "position" && c.dragging && !latest.current.nodes.find((n) => n.id === c.id)?.dragging),
      );
      const apply = (g: Graph): Graph => {
        const removed = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
        const next = applyNodeChanges(changes, g.nodes);
        return {
          nodes: next,
          edges: removed.size ? g.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : g.edges,
        };
      };
      if (meaningful) edit(apply, batchKey());
      else set(apply(latest.current));
    },
    [edit, set, batchKey],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<EditorEdge>[]) => {
      const apply = (g: Graph): Graph => ({ nodes: g.nodes, edges: applyEdgeChanges(changes, g.edges) });
      const ids = new Set(latest.current.edges.map((e) => e.id));
      // Removing edges that are already gone (they went with their node) is no edit.
      if (changes.some((c) => (c.type === "remove" && ids.has(c.id)) || c.type === "add")) edit(apply, batchKey());
      else set(apply(latest.current));
    },
    [edit, set, batchKey],
  );

  const addKind = useCallback(
    (type: string) =>
      edit((g) => {
        const kind = addableKind(type, g.nodes);
        return kind && appendAfter(kind, g.nodes, g.edges);
      }),
    [edit],
  );

  // Not selected: opening the settings panel would narrow the canvas under the user's cursor.
  const dropKind = useCallback(
    (type: string, position: XYPosition) =>
      edit((g) => {
        const kind = addableKind(type, g.nodes);
        return kind && { nodes: [...g.nodes, createNode(kind, g.nodes, position)], edges: g.edges };
      }),
    [edit],
  );

  const insertKindOnEdge = useCallback(
    (type: string, edgeId: string) => {
      const kind = getNodeKind(type);
      if (!kind) return;
      edit((g) => {
        const next = insertOnEdge(kind, edgeId, g.nodes, g.edges);
        return next && { nodes: next.nodes, edges: next.edges };
      });
    },
    [edit],
  );

  const connect = useCallback(
    (c: Connection) =>
      edit((g) => {
        const handle = c.sourceHandle ?? null;
        if (g.edges.some((e) => e.source === c.source && e.target === c.target && (e.sourceHandle ?? null) === handle))
          return null;
        return { nodes: g.nodes, edges: [...g.edges, makeEdge(c.source, c.target, handle)] };
      }),
    [edit],
  );

  const updateNodeData = useCallback(
    (id: string, patch: Partial<CatalogNodeData>) =>
      edit(
        (g) => ({
          nodes: g.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)),
          edges: g.edges,
        }),
        `data:${id}:${Object.keys(patch).join(",")}`,
      ),
    [edit],
  );

  const deleteNode = useCallback((id: string) => edit((g) => removeNodes(new Set([id]), g.nodes, g.edges)), [edit]);

  const deleteSelection = useCallback(
    () =>
      edit((g) => {
        const ids = new Set(g.nodes.filter((n) => n.selected).map((n) => n.id));
        const edgesLeft = g.edges.filter((e) => !e.selected);
        if (ids.size === 0 && edgesLeft.length === g.edges.length) return null;
        return removeNodes(ids, g.nodes, edgesLeft);
      }),
    [edit],
  );

  const selectNode = useCallback(
    (id: string) =>
      set({
        nodes: latest.current.nodes.map((n) =>
          Boolean(n.selected) === (n.id === id) ? n : { ...n, selected: n.id === id },
        ),
        edges: latest.current.edges,
      }),
    [set],
  );

  const copy = useCallback(() => {
    const clip = copySelection(latest.current.nodes, latest.current.edges);
    if (clip) clipboard = clip;
    return clip !== null;
  }, []);

  const pasteClip = useCallback(() => {
    const clip = clipboard;
    if (!clip) return;
    edit((g) => {
      const next = paste(clip, g.nodes, g.edges);
      return next.ids.length ? { nodes: next.nodes, edges: next.edges } : null;
    });
  }, [edit]);

  // dagre is loaded on first use: most sessions never tidy up, and the editor route stays smaller.
  const layout = useCallback(async () => {
    const { autoLayout } = await import("./auto-layout");
    edit((g) => ({ nodes: autoLayout(g.nodes, g.edges), edges: g.edges }));
  }, [edit]);

  /** Replaces the whole graph (restore a version), undoably. */
  const replace = useCallback((def: FlowDefinition) => edit(() => fromDefinition(def)), [edit]);

  const undo = useCallback(() => {
    const r = undoStep(historyRef.current, latest.current);
    if (!r) return;
    historyRef.current = r.history;
    setHistory(r.history);
    set(r.value);
  }, [set]);

  const redo = useCallback(() => {
    const r = redoStep(historyRef.current, latest.current);
    if (!r) return;
    historyRef.current = r.history;
    setHistory(r.history);
    set(r.value);
  }, [set]);

  return {
    nodes,
    edges,
    onNodesChange,
    onEdgesChange,
    hasTrigger,
    addKind,
    dropKind,
    insertKindOnEdge,
    connect,
    updateNodeData,
    deleteNode,
    deleteSelection,
    selectNode,
    copy,
    paste: pasteClip,
    layout,
    replace,
    undo,
    redo,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
}

export type EditorGraph = ReturnType<typeof useEditorGraph>;

/** The kind of `type`, unless it is unknown or a second trigger (a flow has exactly one). */
function addableKind(type: string, nodes: EditorNode[]) {
  const kind = getNodeKind(type);
  if (!kind || (isTriggerKind(kind) && nodes.some((n) => isTriggerKind(getNodeKind(n.type ?? ""))))) return null;
  return kind;
}

/** No self-loops and nothing into a trigger (checkGraph would flag both; refuse them up front). */
export function isValidConnection(c: Edge | Connection, nodes: EditorNode[]): boolean {
  if (c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  return !isTriggerKind(getNodeKind(target?.type ?? ""));
}
