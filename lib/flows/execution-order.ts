// How a run walks a flow. `executionOrder`: from the trigger, each node after all of its reachable
// predecessors (Kahn's algorithm restricted to what the trigger reaches); nodes the trigger does
// not reach never run; ties keep the definition's order, so the order is deterministic.
// `planFlow`: the graph facts the engine walks by (edges with their output handles, loop bodies,
// each node's ancestors), shared with the graph rules so both read the graph the same way.
import { LOOP_EACH, loopNode } from "@/lib/nodes/kinds/loop";
import { outgoing } from "./adjacency";
import type { FlowDefinition, FlowNode } from "./definition";

const LOOP_TYPE = loopNode.type;

export function executionOrder(def: FlowDefinition, triggerId: string): FlowNode[] {
  const out = outgoing(def);
  const reachable = reachableFrom(out, [triggerId]);

  const indegree = new Map<string, number>([...reachable].map((id) => [id, 0]));
  for (const id of reachable) for (const next of out.get(id) ?? []) indegree.set(next, (indegree.get(next) ?? 0) + 1);
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const position = new Map(def.nodes.map((n, i) => [n.id, i]));
  const ready = [triggerId];
  const order: FlowNode[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const next of out.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return order;
}

function reachableFrom(out: Map<string, string[]>, start: string[]): Set<string> {
  const seen = new Set<string>(start);
  const stack = [...start];
  while (stack.length) {
    for (const next of out.get(stack.pop()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return seen;
}

export type PlanEdge = { id: string; source: string; target: string; handle: string | null };

export type FlowPlan = {
  byId: Map<string, FlowNode>;
  /** Edges between existing nodes, by target and by source (definition order). */
  incoming: Map<string, PlanEdge[]>;
  outgoing: Map<string, PlanEdge[]>;
  /** Loop node id → the nodes its "each" output reaches (its body, run once per item). */
  loopBody: Map<string, Set<string>>;
  /** Node id → the innermost loop whose body holds it (absent: the top level). */
  owner: Map<string, string>;
  /** Node id → every node with a path to it. */
  ancestors: Map<string, Set<string>>;
};

/** Graph facts for the engine and the graph rules. Assumes no cycles (checkGraph rejects them). */
export function planFlow(def: FlowDefinition): FlowPlan {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, PlanEdge[]>();
  const outgoingEdges = new Map<string, PlanEdge[]>();
  for (const e of def.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const edge: PlanEdge = { id: e.id, source: e.source, target: e.target, handle: e.sourceHandle ?? null };
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), edge]);
    outgoingEdges.set(e.source, [...(outgoingEdges.get(e.source) ?? []), edge]);
  }
  const out = new Map([...outgoingEdges].map(([id, es]) => [id, es.map((e) => e.target)]));

  const loopBody = new Map<string, Set<string>>();
  for (const n of def.nodes) {
    if (n.type !== LOOP_TYPE) continue;
    const entries = (outgoingEdges.get(n.id) ?? []).filter((e) => e.handle === LOOP_EACH).map((e) => e.target);
    const body = reachableFrom(out, entries);
    body.delete(n.id); // only with a cycle, which the graph rules reject
    loopBody.set(n.id, body);
  }
  // The innermost loop of a node is the loop with the smallest body that holds it.
  const owner = new Map<string, string>();
  for (const [loopId, body] of loopBody) {
    for (const id of body) {
      const current = owner.get(id);
      if (current === undefined || loopBody.get(current)!.size > body.size) owner.set(id, loopId);
    }
  }

  const ancestors = new Map<string, Set<string>>();
  const visit = (id: string, seen: Set<string>): Set<string> => {
    const hit = ancestors.get(id);
    if (hit) return hit;
    if (seen.has(id)) return new Set(); // cycle: the graph rules report it
    seen.add(id);
    const set = new Set<string>();
    for (const e of incoming.get(id) ?? []) {
      set.add(e.source);
      for (const a of visit(e.source, seen)) set.add(a);
    }
    ancestors.set(id, set);
    return set;
  };
  for (const n of def.nodes) visit(n.id, new Set());

  return { byId, incoming, outgoing: outgoingEdges, loopBody, owner, ancestors };
}
