// Whole-graph validation, run before publish (and shown live in the editor). One pure function,
// one exact message per rule, each tied to the node or edge it is about.
import { getNodeKind } from "@/lib/nodes/catalog";
import type { FlowDefinition } from "./definition";

export type GraphIssue = { message: string; nodeId?: string; edgeId?: string; field?: string };

export function checkGraph(def: FlowDefinition): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeIds = new Set<string>();

  for (const node of def.nodes) {
    if (nodeIds.has(node.id)) issues.push({ nodeId: node.id, message: `Node id "${node.id}" is used more than once.` });
    nodeIds.add(node.id);
    const kind = getNodeKind(node.type);
    if (!kind) {
      issues.push({ nodeId: node.id, message: `Unknown node type "${node.type}" on node "${node.id}".` });
      continue;
    }
    const parsed = kind.config.safeParse(node.data.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join(".");
        issues.push({ nodeId: node.id, field, message: `${kind.label} "${node.data.label ?? node.id}": ${field ? `${field}: ` : ""}${issue.message}` });
      }
    }
  }

  const triggers = def.nodes.filter((n) => getNodeKind(n.type)?.group === "Trigger");
  if (triggers.length === 0) issues.push({ message: "The flow has no trigger node." });
  if (triggers.length > 1) {
    issues.push({ message: `The flow has ${triggers.length} trigger nodes (${triggers.map((t) => `"${t.id}"`).join(", ")}); it needs exactly one.` });
  }

  for (const edge of def.edges) {
    for (const end of ["source", "target"] as const) {
      if (!nodeIds.has(edge[end])) issues.push({ edgeId: edge.id, message: `Edge "${edge.id}" has a ${end} node "${edge[end]}" that does not exist.` });
    }
    if (triggers.some((t) => t.id === edge.target)) {
      issues.push({ edgeId: edge.id, message: `Edge "${edge.id}" points into the trigger "${edge.target}"; a trigger has no inputs.` });
    }
  }

  const cycle = findCycle(def);
  if (cycle) issues.push({ nodeId: cycle[0], message: `The flow contains a cycle: ${cycle.join(" → ")}.` });
  return issues;
}

/** Returns one cycle as a closed path of node ids (first id repeated at the end), or null. */
export function findCycle(def: FlowDefinition): string[] | null {
  const out = outgoing(def);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, "open");
    path.push(id);
    for (const next of out.get(id) ?? []) {
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  for (const node of def.nodes) {
    if (!state.has(node.id)) {
      const found = visit(node.id);
      if (found) return found;
    }
  }
  return null;
}

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
