"use client";

import { useQuery } from "@tanstack/react-query";
import { FlowPageHeader } from "@/components/flows/flow-page-header";
import { FlowOverviewView } from "@/components/runs/flow-overview";
import { LoadError } from "@/components/ui/load-error";
import { runQueries } from "@/lib/queries/runs";

export function OverviewClient({ flowId }: { flowId: string }) {
  const overview = useQuery(runQueries.overview(flowId));
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <FlowPageHeader flowId={flowId} title="Overview" sibling={{ label: "All runs of this flow", path: "runs" }} />
      {overview.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {overview.isError && (
        <LoadError what="the overview" error={overview.error} onRetry={() => void overview.refetch()} />
      )}
      {overview.data && <FlowOverviewView overview={overview.data} />}
    </div>
  );
}
