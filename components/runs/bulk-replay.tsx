"use client";

// Bulk replay of the failed runs that match the current filter: one click, then a progress bar
// that follows the new runs until every one has finished, and a summary of how they ended.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import type { RunFilterInput } from "@/lib/api/run-filter";
import { runActions, runQueries } from "@/lib/queries/runs";

export function BulkReplay({ flowId, filter }: { flowId: string | null; filter: RunFilterInput }) {
  const qc = useQueryClient();
  const [version, setVersion] = useState<"same" | "latest">("same");
  const start = useMutation({
    mutationFn: () => runActions.bulkReplay(flowId, { ...filter, status: "failed" }, version),
    onSuccess: () => void qc.invalidateQueries({ queryKey: runQueries.all }),
  });
  const batchId = start.data?.batchId;
  const progress = useQuery({ ...runQueries.batch(batchId ?? "none"), enabled: Boolean(batchId) });
  const p = progress.data;
  const pct = p && p.total ? Math.round((p.finished / p.total) * 100) : 0;

  return (
    <section
      aria-label="Bulk replay"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-center gap-3">
        <p className="flex-1 text-sm text-slate-700">
          Replay every failed run that matches these filters{flowId ? "" : " (all flows)"}.
        </p>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          On
          <select
            value={version}
            onChange={(e) => setVersion(e.target.value as "same" | "latest")}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="same">the version each ran</option>
            <option value="latest">the latest published version</option>
          </select>
        </label>
        <button
          type="button"
          className={buttonStyles.primary}
          disabled={start.isPending || (Boolean(batchId) && !p?.done)}
          onClick={() => start.mutate()}
        >
          {start.isPending ? "Starting…" : "Replay failed runs"}
        </button>
      </div>
      {start.isError && (
        <p role="alert" className="text-sm text-red-700">
          {start.error.message}
        </p>
      )}
      {start.data && (
        <div className="flex flex-col gap-2" data-testid="bulk-replay-progress">
          <div
            role="progressbar"
            aria-label="Bulk replay progress"
            aria-valuemin={0}
            aria-valuemax={start.data.total}
            aria-valuenow={p?.finished ?? 0}
            className="h-3 overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="text-sm text-slate-700" data-testid="bulk-replay-summary">
            {p ? `${p.finished} of ${p.total} finished` : `${start.data.total} runs queued`}
            {p?.done &&
              ` — ${p.succeeded} succeeded, ${p.failed} failed${p.cancelled ? `, ${p.cancelled} cancelled` : ""}`}
            {start.data.skipped > 0 && ` (${start.data.skipped} skipped: no stored delivery)`}
          </p>
        </div>
      )}
    </section>
  );
}
