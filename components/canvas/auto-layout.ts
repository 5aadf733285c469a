// "Tidy up": a left-to-right layered layout of the graph (dagre), branches stacked vertically.
import dagre from "@dagrejs/dagre";
import type { EditorEdge, EditorNode } from "./definition-bridge";

const WIDTH = 240;
const HEIGHT = 90;

export function autoLayout(nodes: EditorNode[], edges: EditorEdge[]): EditorNode[] {
  const g = new dagre.graphlib.Graph();
  // Wide ranks leave room for the branch labels drawn halfway along the edges.
  g.setGraph({ rankdir: "LR", nodesep: 50, ranksep: 150, marginx: 40, marginy: 40 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? WIDTH, height: n.measured?.height ?? HEIGHT });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    if (!p) return n;
    const w = n.measured?.width ?? WIDTH;
    const h = n.measured?.height ?? HEIGHT;
    return { ...n, position: { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) } };
  });
}
