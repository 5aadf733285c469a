// Converts between the stored flow definition and React Flow's state. React Flow adds its own
// fields to nodes and edges (measured, selected, dragging, ...); none of them may reach the API.
import type { Edge, Node } from "@xyflow/react";
import { DEFINITION_SCHEMA_VERSION, type FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";

export type CatalogNodeData = { label: string; config: Record<string, unknown> };
export type EditorNode = Node<CatalogNodeData>;
export type EditorEdge = Edge;

export function fromDefinition(def: FlowDefinition): { nodes: EditorNode[]; edges: EditorEdge[] } {
  return {
    nodes: def.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: { x: n.position.x, y: n.position.y },
      data: { label: n.data.label ?? getNodeKind(n.type)?.label ?? n.type, config: n.data.config },
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

export function toDefinition(nodes: EditorNode[], edges: EditorEdge[]): FlowDefinition {
  return {
    schemaVersion: DEFINITION_SCHEMA_VERSION,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type ?? "",
      position: { x: n.position.x, y: n.position.y },
      data: { label: n.data.label, config: n.data.config },
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
