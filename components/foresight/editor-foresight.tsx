"use client";

// Foresight in the editor: drift warnings and the sender-health forecast above the canvas, and
// the presence figures of the data picker, from the flow overview's query.
import { useQuery } from "@tanstack/react-query";
import type { FlowForesight } from "@/lib/api/foresight-dto";
import { runQueries } from "@/lib/queries/runs";
import { DriftWarnings } from "./drift-warnings";

export function useForesight(flowId: string): FlowForesight | undefined {
  const overview = useQuery(runQueries.overview(flowId));
  return overview.data?.foresight;
}

export function EditorForesight({ foresight }: { foresight: FlowForesight | undefined }) {
  if (!foresight || (!foresight.health && foresight.drift.length === 0)) return null;
  return (
    <div className="flex shrink-0 flex-col gap-1 border-b border-slate-200 px-4 py-2">
      {foresight.health && (
        <p
          role="status"
          data-testid="sender-forecast"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-900"
        >
          {foresight.health.message}.
        </p>
      )}
      <DriftWarnings drift={foresight.drift} />
    </div>
  );
}
