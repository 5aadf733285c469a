"use client";

import { useQuery } from "@tanstack/react-query";
import { FlowList } from "@/components/flows/flow-list";
import { ImportFlowButton } from "@/components/flows/import-flow-button";
import { NewFlowButton } from "@/components/flows/new-flow-button";
import { TemplateGallery } from "@/components/flows/template-gallery";
import { LoadError } from "@/components/ui/load-error";
import { flowListQueries } from "@/lib/queries/flow-lifecycle";

export function FlowsClient() {
  // Every flow, archived ones too: the page is empty only when there is none at all.
  const flows = useQuery(flowListQueries.list({ status: "all" }));

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-6 py-8">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Flows</h1>
          <p className="mt-1 text-sm text-slate-600">Each flow turns the webhooks it receives into actions.</p>
        </div>
        <div className="flex items-start gap-2">
          <ImportFlowButton />
          <NewFlowButton />
        </div>
      </div>
      {flows.isPending && <p className="text-sm text-slate-500">Loading flows…</p>}
      {flows.isError && <LoadError what="the flows" error={flows.error} onRetry={() => void flows.refetch()} />}
      {flows.data && flows.data.items.length === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <p className="text-lg font-semibold text-slate-900">No flows yet</p>
          <p className="mt-1 text-sm text-slate-600">
            Create one with the “New flow” button: it gets its own webhook URL, and you decide what happens when a
            request arrives.
          </p>
        </div>
      )}
      {flows.data && flows.data.items.length > 0 && <FlowList />}
      {flows.data && <TemplateGallery />}
    </div>
  );
}
