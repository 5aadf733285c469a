"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { RunTable } from "@/components/runs/run-table";
import { LoadError } from "@/components/ui/load-error";
import { buttonStyles } from "@/components/ui/styles";
import { flowQueries } from "@/lib/queries/flows";
import { FlowPageHeader } from "@/components/flows/flow-page-header";
import { runQueries } from "@/lib/queries/runs";

export function RunsClient({ flowId }: { flowId: string }) {
  const flow = useQuery(flowQueries.detail(flowId));
  const runs = useInfiniteQuery(runQueries.forFlow(flowId));
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-8">
      <FlowPageHeader flowId={flowId} title="Runs" sibling={{ label: "Requests", path: "deliveries" }} />
      {runs.isPending && <p className="text-sm text-slate-500">Loading runs…</p>}
      {runs.isError && <LoadError what="the runs" error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.isSuccess && items.length === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <p className="text-lg font-semibold text-slate-900">No runs yet</p>
          <p className="mt-1 text-sm text-slate-600">
            Publish the flow, then send a request to its webhook URL: every request starts a run, and it shows up here.
          </p>
          {flow.data?.publishedVersion != null && (
            <code className="mt-3 inline-block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800">{flow.data.webhookUrl}</code>
          )}
        </div>
      )}
      {items.length > 0 && <RunTable runs={items} />}
      {runs.hasNextPage && (
        <button type="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage} className={`${buttonStyles.secondary} self-center`}>
          {runs.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
