// Pure edits of the editor graph: palette click/drop, connect, insert on an edge, copy/paste,
// delete. Unit tested in test/unit/editor-graph-ops.test.ts.
import type { XYPosition } from "@xyflow/react";
import type { NodeKind } from "@/lib/nodes/catalog";
import type { EditorEdge, EditorNode } from "./definition-bridge";
import { defaultConfig, isTriggerKind, kindOutputs } from "./kinds";
import { getNodeKind } from "@/lib/nodes/catalog";

const STEP_X = 280;
const STEP_Y = 140;

/** `e_<source>_<target>`, with the handle in between when the source has several outputs. */
export const edgeId = (source: string, target: string, handle?: string | null) =>
  handle ? `e_${source}_${handle.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 20)}_${target}` : `e_${source}_${target}`;

/** `<type>_<n>` with the smallest n ≥ 1 not in use, e.g. "http_1". */
export function nextNodeId(type: string, nodes: { id: string }[], taken: Set<string> = new Set()): string {
  const used = new Set(nodes.map((n) => n.id));
  const base = type.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 50);
  let n = 1;
  while (used.has(`${base}_${n}`) || taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

export function createNode(kind: NodeKind, nodes: EditorNode[], position: XYPosition): EditorNode {
  return {
    id: nextNodeId(kind.type, nodes),
    type: kind.type,
    position,
    data: { label: kind.label, config: defaultConfig(kind) },
  };
}

/** Adds a node and makes it the only selection, so its settings open right away. */
export function insertSelected(nodes: EditorNode[], node: EditorNode): EditorNode[] {
  return [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }];
}

/** The output handles of a node (null = the single default output). */
export function outputsOf(node: EditorNode | undefined): (string | null)[] {
  if (!node) return [null];
  const kind = getNodeKind(node.type ?? "");
  const outs = kind ? kindOutputs(kind, node.data.config) : [];
  return outs.length ? outs.map((o) => o.id) : [null];
}

/** The first output of `node` nothing leaves from yet (undefined when all are used). */
export function freeOutput(node: EditorNode, edges: EditorEdge[]): string | null | undefined {
  return outputsOf(node).find((h) => !edges.some((e) => e.source === node.id && (e.sourceHandle ?? null) === h));
}

export function makeEdge(source: string, target: string, handle: string | null = null): EditorEdge {
  return { id: edgeId(source, target, handle), source, target, sourceHandle: handle, targetHandle: null };
}

/**
 * Click-to-add: place the node to the right of the selected node (or the last one) and connect
 * it from that node's first free output, so clicking builds a chain (and fills a branch).
 */
export function appendAfter(
  kind: NodeKind,
  nodes: EditorNode[],
  edges: EditorEdge[],
): { nodes: EditorNode[]; edges: EditorEdge[]; id: string } {
  const selected = nodes.filter((n) => n.selected);
  const anchor = selected.length === 1 ? selected[0] : nodes.at(-1);
  const handle = anchor ? freeOutput(anchor, edges) : undefined;
  const branchIndex = anchor ? outputsOf(anchor).indexOf(handle ?? null) : 0;
  const start = anchor
    ? { x: anchor.position.x + STEP_X, y: anchor.position.y + Math.max(0, branchIndex) * STEP_Y }
    : { x: 80, y: 160 };
  const position = freeSpot(nodes, start);
  const node = createNode(kind, nodes, position);
  const connect = anchor && !isTriggerKind(kind) && handle !== undefined;
  return {
    id: node.id,
    nodes: insertSelected(nodes, node),
    edges: connect ? [...edges, makeEdge(anchor.id, node.id, handle)] : edges,
  };
}

/** Replaces edge `edge` by edge → new node → old target; the new node sits at the midpoint. */
export function insertOnEdge(
  kind: NodeKind,
  edgeIdToSplit: string,
  nodes: EditorNode[],
  edges: EditorEdge[],
): { nodes: EditorNode[]; edges: EditorEdge[]; id: string } | null {
  const edge = edges.find((e) => e.id === edgeIdToSplit);
  if (!edge || isTriggerKind(kind)) return null;
  const source = nodes.find((n) => n.id === edge.source);
  const target = nodes.find((n) => n.id === edge.target);
  if (!source || !target) return null;
  const mid = { x: (source.position.x + target.position.x) / 2, y: (source.position.y + target.position.y) / 2 };
  const node = createNode(kind, nodes, mid);
  // Make room: everything at or right of the target moves one step to the right.
  const moved = nodes.map((n) =>
    n.position.x >= target.position.x - 10 && n.id !== source.id
      ? { ...n, position: { x: n.position.x + STEP_X, y: n.position.y } }
      : n,
  );
  const placed = { ...node, position: { x: Math.max(mid.x, source.position.x + STEP_X), y: mid.y } };
  const firstOut = outputsOf(placed)[0] ?? null;
  return {
    id: node.id,
    nodes: insertSelected(moved, placed),
    edges: [
      ...edges.filter((e) => e.id !== edge.id),
      makeEdge(source.id, node.id, edge.sourceHandle ?? null),
      makeEdge(node.id, target.id, firstOut),
    ],
  };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(ids: ReadonlySet<string>, nodes: EditorNode[], edges: EditorEdge[]) {
  return {
    nodes: nodes.filter((n) => !ids.has(n.id)),
    edges: edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
  };
}

export type Clip = { nodes: EditorNode[]; edges: EditorEdge[] };

/** The selected nodes and the edges between them. */
export function copySelection(nodes: EditorNode[], edges: EditorEdge[]): Clip | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({ id: n.id, type: n.type, position: n.position, data: structuredClone(n.data) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: e.sourceHandle ?? null,
        targetHandle: null,
      })),
  };
}

/** Pastes a clip with fresh ids, shifted, as the new selection. A second trigger is left out. */
export function paste(clip: Clip, nodes: EditorNode[], edges: EditorEdge[], offset = 40): Clip & { ids: string[] } {
  const hasTrigger = nodes.some((n) => isTriggerKind(getNodeKind(n.type ?? "")));
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  const fresh: EditorNode[] = [];
  for (const n of clip.nodes) {
    if (hasTrigger && isTriggerKind(getNodeKind(n.type ?? ""))) continue;
    const id = nextNodeId(n.type ?? "node", nodes, taken);
    taken.add(id);
    rename.set(n.id, id);
    fresh.push({
      id,
      type: n.type,
      position: { x: n.position.x + offset, y: n.position.y + offset },
      data: structuredClone(n.data),
      selected: true,
    });
  }
  const newEdges = clip.edges.flatMap((e) => {
    const s = rename.get(e.source);
    const t = rename.get(e.target);
    return s && t ? [makeEdge(s, t, e.sourceHandle ?? null)] : [];
  });
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...fresh],
    edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges],
    ids: fresh.map((n) => n.id),
  };
}

/** Moves a spot down until no node sits on it (nodes are ~240×80). */
function freeSpot(nodes: EditorNode[], start: XYPosition): XYPosition {
  let y = start.y;
  while (nodes.some((n) => Math.abs(n.position.x - start.x) < 200 && Math.abs(n.position.y - y) < 90)) y += STEP_Y;
  return { x: start.x, y };
}

/** The drag-and-drop payload type: palette items put a node type under it. */
export const DND_TYPE = "application/hookline-node";
