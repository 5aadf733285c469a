"use client";

// Buttons for every canvas edit that also has a shortcut, so each is reachable without a mouse
// gesture and discoverable: undo, redo, copy, paste, delete the selection, tidy up.
import type { EditorGraph } from "./use-editor-graph";

const btn =
  "rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-indigo-600";

export function CanvasToolbar({ graph, onTidy }: { graph: EditorGraph; onTidy: () => void }) {
  const hasSelection = graph.nodes.some((n) => n.selected) || graph.edges.some((e) => e.selected);
  return (
    <div
      role="toolbar"
      aria-label="Canvas"
      className="absolute top-2 left-1/2 z-10 flex -translate-x-1/2 items-center gap-0.5 rounded-md border border-slate-200 bg-white/95 p-0.5 shadow-sm"
    >
      <button type="button" className={btn} onClick={graph.undo} disabled={!graph.canUndo} title="Undo (Ctrl/Cmd+Z)">
        Undo
      </button>
      <button
        type="button"
        className={btn}
        onClick={graph.redo}
        disabled={!graph.canRedo}
        title="Redo (Ctrl/Cmd+Shift+Z)"
      >
        Redo
      </button>
      <span aria-hidden className="mx-0.5 h-4 w-px bg-slate-200" />
      <button
        type="button"
        className={btn}
        onClick={() => graph.copy()}
        disabled={!graph.nodes.some((n) => n.selected)}
        title="Copy the selected nodes (Ctrl/Cmd+C)"
      >
        Copy
      </button>
      <button type="button" className={btn} onClick={graph.paste} title="Paste (Ctrl/Cmd+V)">
        Paste
      </button>
      <button
        type="button"
        className={btn}
        onClick={graph.deleteSelection}
        disabled={!hasSelection}
        title="Delete the selection (Delete)"
      >
        Delete selected
      </button>
      <span aria-hidden className="mx-0.5 h-4 w-px bg-slate-200" />
      <button type="button" className={btn} onClick={onTidy} title="Arrange the nodes left to right">
        Tidy up
      </button>
    </div>
  );
}
