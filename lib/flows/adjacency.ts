// The graph's edges as an adjacency list, read by both the graph rules (check-graph.ts) and the
// execution order (execution-order.ts); in a file of its own so neither imports the other for it.
import type { FlowDefinition } from "./definition";

/** Adjacency list of existing nodes (edges to missing nodes are left out). */
export function outgoing(def: FlowDefinition): Map<string, string[]> {
  const ids = new Set(def.nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  for (const e of def.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  }
  return out;
}
