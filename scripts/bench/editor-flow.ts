// The generated flow the editor bench opens: one webhook trigger fanning out to lanes; each lane
// is a branch whose "true" and "false" outputs lead to chains of HTTP requests. Every config is
// valid, so the editor draws validation, handles and edge labels as for a real flow; positions
// are a tidy grid (the whole flow fits the canvas at the zoom fitView picks).
import type { FlowDefinition, FlowEdge, FlowNode } from "../../lib/flows/definition";

const COL = 300;
const ROW = 150;

export function generatedFlow(size: number): FlowDefinition {
  const nodes: FlowNode[] = [
    { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: {} } },
  ];
  const edges: FlowEdge[] = [];
  const lanes = Math.max(1, Math.round(Math.sqrt(size / 3)));
  const perChain = Math.ceil((size - 1 - lanes) / (lanes * 2));
  const http = (id: string, n: number, x: number, y: number): FlowNode => ({
    id,
    type: "http",
    position: { x, y },
    data: {
      label: `Call service ${n}`,
      config: {
        method: "POST",
        url: `https://api.example.com/orders/${n}`,
        headers: [],
        body: `{"n": ${n}, "amount": "{{ trigger.body.amount }}"}`,
        timeoutMs: 30000,
      },
    },
  });
  let n = 0;
  for (let lane = 0; lane < lanes && nodes.length < size; lane++) {
    const y = (lane - (lanes - 1) / 2) * ROW * 2;
    const branch = `branch_${lane + 1}`;
    nodes.push({
      id: branch,
      type: "branch",
      position: { x: COL, y },
      data: {
        label: `Amount check ${lane + 1}`,
        config: {
          mode: "if",
          condition: {
            combinator: "and",
            rules: [{ left: "{{ trigger.body.amount }}", op: "gt", right: String((lane + 1) * 100) }],
          },
          value: "",
          cases: [],
        },
      },
    });
    edges.push({
      id: `e_trigger_${branch}`,
      source: "trigger",
      target: branch,
      sourceHandle: null,
      targetHandle: null,
    });
    for (const [handle, dy] of [
      ["true", 0],
      ["false", ROW],
    ] as const) {
      let prev = { id: branch, handle: handle as string | null };
      for (let i = 0; i < perChain && nodes.length < size; i++) {
        const id = `http_${++n}`;
        nodes.push(http(id, n, COL * (i + 2), y + dy));
        edges.push({
          id: `e_${prev.id}_${prev.handle ?? "out"}_${id}`,
          source: prev.id,
          target: id,
          sourceHandle: prev.handle,
          targetHandle: null,
        });
        prev = { id, handle: null };
      }
    }
  }
  return { schemaVersion: 1, nodes, edges };
}
