// The order a run visits nodes: from the trigger, each node after all of its reachable
// predecessors (Kahn's algorithm restricted to what the trigger reaches). Nodes the trigger does
// not reach never run. Ties keep the definition's order, so the order is deterministic.
import type { FlowDefinition, FlowNode } from "./definition";
import { outgoing } from "./check-graph";

export function executionOrder(def: FlowDefinition, triggerId: string): FlowNode[] {
  const out = outgoing(def);
  const reachable = new Set<string>([triggerId]);
  const stack = [triggerId];
  while (stack.length) {
    for (const next of out.get(stack.pop()!) ?? []) {
      if (reachable.has(next)) continue;
      reachable.add(next);
      stack.push(next);
    }
  }

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
