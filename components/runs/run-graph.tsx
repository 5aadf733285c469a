"use client";

// The flow as it ran, drawn read-only, each node coloured by its outcome in this run (the latest
// attempt of its step): green succeeded, red failed, blue running, amber sleeping or cancelled,
// grey not reached.
import { Background, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import { useMemo } from "react";
import type { RunDetail } from "@/lib/api/dto";

const tone: Record<string, { background: string; border: string }> = {
  succeeded: { background: "#ecfdf5", border: "#10b981" },
  failed: { background: "#fef2f2", border: "#ef4444" },
  running: { background: "#f0f9ff", border: "#0ea5e9" },
  sleeping: { background: "#fffbeb", border: "#f59e0b" },
  cancelled: { background: "#fffbeb", border: "#f59e0b" },
  none: { background: "#f8fafc", border: "#cbd5e1" },
};

export function RunGraph({ detail }: { detail: RunDetail }) {
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
        className: `run-graph-node run-graph-${status}`,
        style: { background: t.background, borderColor: t.border, borderWidth: 2, fontSize: 12 },
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
