"use client";

// The flow as it ran, drawn read-only, each node coloured by its outcome in this run (the latest
// attempt of its step): green succeeded, red failed, blue running, amber sleeping or cancelled,
// grey not reached.
import { Background, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import { useMemo } from "react";
import type { RunDetail } from "@/lib/api/dto";
import { useColorMode } from "@/components/ui/theme";

// Palette classes (not fixed colours), so the dark theme's palette applies here too.
const tone: Record<string, string> = {
  succeeded: "!bg-emerald-50 !border-emerald-500",
  failed: "!bg-red-50 !border-red-500",
  running: "!bg-sky-50 !border-sky-500",
  sleeping: "!bg-amber-50 !border-amber-500",
  cancelled: "!bg-amber-50 !border-amber-500",
  none: "!bg-slate-50 !border-slate-300",
};

export function RunGraph({ detail }: { detail: RunDetail }) {
  const colorMode = useColorMode();
  const { nodes, edges } = useMemo(() => {
    const latest = new Map<string, string>();
    for (const s of [...detail.steps].sort(
      (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt,
    )) {
      latest.set(s.nodeId.split("#")[0]!, s.status);
    }
    const nodes: Node[] = detail.definition.nodes.map((n) => {
      const status = latest.get(n.id) ?? "none";
      const t = tone[status] ?? tone.none!;
      return {
        id: n.id,
        position: n.position,
        // The editor lays flows out left to right.
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        data: { label: `${n.data.label || n.id}${status === "none" ? "" : ` · ${status}`}` },
        draggable: false,
        selectable: false,
        connectable: false,
        className: `run-graph-node run-graph-${status} !text-slate-900 ${t}`,
        style: { borderWidth: 2, fontSize: 12 },
        ariaLabel: `${n.data.label || n.id}: ${status === "none" ? "not reached" : status}`,
      };
    });
    const edges: Edge[] = detail.definition.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      label: e.sourceHandle ?? undefined,
    }));
    return { nodes, edges };
  }, [detail]);

  return (
    <section
      aria-label="Flow as it ran"
      className="h-72 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
      data-testid="run-graph"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        colorMode={colorMode}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
      </ReactFlow>
    </section>
  );
}
