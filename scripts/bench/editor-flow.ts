// The generated flow the editor bench opens: one webhook trigger and `size - 1` action and logic
// nodes in a tree of branches (each branch's "true"/"false" outputs lead to chains of HTTP
// requests), every config valid, so the editor draws validation, handles and labels as for a real flow.
import type { FlowDefinition, FlowEdge, FlowNode } from "../../lib/flows/definition";

export function generatedFlow(size: number): FlowDefinition {
  const nodes: FlowNode[] = [{ id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: {} } }];
  const edges: FlowEdge[] = [];
  let n = 0;
  // Chains of 9 HTTP requests hanging off a branch's outputs; branches every 10 nodes.
  let tail = { id: "trigger", handle: null as string | null, x: 0, y: 0 };
  const open: (typeof tail)[] = [];
  while (nodes.length < size) {
    n++;
    const isBranch = n % 10 === 1;
    const id = isBranch ? `branch_${n}` : `http_${n}`;
    const x = tail.x + 300;
    const y = tail.y;
    nodes.push(
      isBranch
        ? {
            id,
            type: "branch",
            position: { x, y },
            data: { label: `Amount check ${n}`, config: { mode: "if", condition: { combinator: "and", rules: [{ left: "{{ trigger.body.amount }}", op: "gt", right: String(n * 10) }] }, value: "", cases: [] } },
          }
        : {
            id,
            type: "http",
            position: { x, y },
            data: { label: `Call service ${n}`, config: { method: "POST", url: `https://api.example.com/orders/${n}`, headers: [], body: `{"n": ${n}, "amount": "{{ trigger.body.amount }}"}`, timeoutMs: 30000 } },
          },
    );
    edges.push({ id: `e_${tail.id}_${tail.handle ?? "out"}_${id}`, source: tail.id, target: id, sourceHandle: tail.handle, targetHandle: null });
    if (isBranch) {
      open.push({ id, handle: "false", x, y: y + 160 * (1 + (n % 3)) });
      tail = { id, handle: "true", x, y };
    } else if (n % 10 === 0 && open.length) {
      tail = open.shift()!;
    } else tail = { id, handle: null, x, y };
  }
  return { schemaVersion: 1, nodes, edges };
}
