"use client";

// The React Flow canvas: renders the graph, takes palette drops and new connections.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge } from "@xyflow/react";
import { useCallback, type DragEvent } from "react";
import { DND_TYPE } from "./graph-ops";
import { nodeTypes } from "./node-types";
import { isValidConnection, type EditorGraph } from "./use-editor-graph";

// Module scope: React Flow compares these props by reference.
const deleteKeys = ["Backspace", "Delete"];
const fitViewOptions = { maxZoom: 1 };
const defaultEdgeOptions = { style: { strokeWidth: 2 } };

export function FlowCanvas({ graph }: { graph: EditorGraph }) {
  const { screenToFlowPosition } = useReactFlow();
  const { nodes, dropKind } = graph;

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DND_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DND_TYPE);
      if (!type) return;
      event.preventDefault();
      dropKind(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [dropKind, screenToFlowPosition],
  );

  const validConnection = useCallback((c: Edge | Connection) => isValidConnection(c, nodes), [nodes]);

  return (
    // React Flow sizes itself from its parent, which therefore needs a real height.
    <div className="h-full w-full" data-testid="canvas">
      <ReactFlow
        nodes={graph.nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={graph.onNodesChange}
        onEdgesChange={graph.onEdgesChange}
        onConnect={graph.connect}
        isValidConnection={validConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={deleteKeys}
        fitView
        fitViewOptions={fitViewOptions}
        defaultEdgeOptions={defaultEdgeOptions}
      >
        <Background gap={20} />
        <Controls />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
