// Pure edits of the editor graph used by the palette (click to add, drop to add) and onConnect.
import type { XYPosition } from "@xyflow/react";
import type { NodeKind } from "@/lib/nodes/catalog";
import type { EditorEdge, EditorNode } from "./definition-bridge";
import { defaultConfig, isTriggerKind } from "./kinds";

const STEP_X = 280;
const STEP_Y = 140;

export const edgeId = (source: string, target: string) => `e_${source}_${target}`;

/** `<type>_<n>` with the smallest n ≥ 1 not in use, e.g. "http_1". */
export function nextNodeId(type: string, nodes: EditorNode[]): string {
  const used = new Set(nodes.map((n) => n.id));
  let n = 1;
  while (used.has(`${type}_${n}`)) n++;
  return `${type}_${n}`;
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

/**
 * Click-to-add: place the node to the right of the selected node (or the last one) and connect
 * it from there when that node has no outgoing edge yet, so clicking builds a chain.
 */
export function appendAfter(
  kind: NodeKind,
  nodes: EditorNode[],
  edges: EditorEdge[],
): { nodes: EditorNode[]; edges: EditorEdge[]; id: string } {
  const anchor = nodes.find((n) => n.selected) ?? nodes.at(-1);
  const position = freeSpot(nodes, anchor ? { x: anchor.position.x + STEP_X, y: anchor.position.y } : { x: 80, y: 160 });
  const node = createNode(kind, nodes, position);
  const connect = anchor && !isTriggerKind(kind) && !edges.some((e) => e.source === anchor.id);
  return {
    id: node.id,
    nodes: insertSelected(nodes, node),
    edges: connect ? [...edges, { id: edgeId(anchor.id, node.id), source: anchor.id, target: node.id }] : edges,
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
