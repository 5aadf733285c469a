// Converts between the stored flow definition and React Flow's state. React Flow adds its own
// fields to nodes and edges (measured, selected, dragging, ...); none of them may reach the API.
import type { Edge, Node } from "@xyflow/react";
import { DEFINITION_SCHEMA_VERSION, type FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";

export type CatalogNodeData = { label: string; config: Record<string, unknown>; settings?: Record<string, unknown> };
export type EditorNode = Node<CatalogNodeData>;
export type EditorEdge = Edge;

export function fromDefinition(def: FlowDefinition): { nodes: EditorNode[]; edges: EditorEdge[] } {
  return {
    nodes: def.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: { x: n.position.x, y: n.position.y },
      data: {
        label: n.data.label ?? getNodeKind(n.type)?.label ?? n.type,
        config: n.data.config,
        ...settingsOf(n.data),
      },
    })),
    edges: def.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
    })),
  };
}

/** Node settings (`data.settings`, lib/nodes/settings.ts) travel with the node when present. */
function settingsOf(data: object): { settings?: Record<string, unknown> } {
  const s = (data as { settings?: unknown }).settings;
  return s && typeof s === "object" && !Array.isArray(s) && Object.keys(s).length > 0
    ? { settings: s as Record<string, unknown> }
    : {};
}

/** `rest` carries the definition's other top-level fields (flow settings) through unchanged. */
export function toDefinition(
  nodes: EditorNode[],
  edges: EditorEdge[],
  rest: Partial<FlowDefinition> = {},
): FlowDefinition {
  return {
    ...rest,
    schemaVersion: DEFINITION_SCHEMA_VERSION,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type ?? "",
      position: { x: n.position.x, y: n.position.y },
      data: { label: n.data.label, config: n.data.config, ...settingsOf(n.data) },
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
    })),
  };
}
