"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DeliveryFilters } from "@/components/deliveries/delivery-filters";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { CopyButton } from "@/components/ui/copy-button";
import { LoadError } from "@/components/ui/load-error";
import { buttonStyles } from "@/components/ui/styles";
import { deliveryQueries, type DeliveryFilter } from "@/lib/queries/deliveries";
import { flowQueries } from "@/lib/queries/flows";
import { FlowPageHeader } from "@/components/flows/flow-page-header";

export function DeliveriesClient({ flowId }: { flowId: string }) {
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const flow = useQuery(flowQueries.detail(flowId));
  const log = useInfiniteQuery(deliveryQueries.forFlow(flowId, filter));
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = filter.kind !== undefined || filter.verdict !== undefined;
  const notStored = log.data?.pages[0]?.rejectedNotStored.count ?? 0;

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <FlowPageHeader flowId={flowId} title="Requests" sibling={{ label: "Runs", path: "runs" }} />
      <DeliveryFilters filter={filter} onChange={setFilter} />
      {notStored > 0 && (
        <p role="status" className="text-sm text-amber-800">
          {notStored} rejected request{notStored === 1 ? " was" : "s were"} not stored in the last 24 hours: too many
          from one address or for this flow (answered 429).
        </p>
      )}
      {log.isPending && <p className="text-sm text-slate-500">Loading requests…</p>}
      {log.isError && <LoadError what="the requests" error={log.error} onRetry={() => void log.refetch()} />}
      {log.isSuccess &&
        items.length === 0 &&
        (filtered ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">
            No request matches these filters.
          </p>
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="text-lg font-semibold text-slate-900">No requests yet</p>
            <p className="mt-1 text-sm text-slate-600">
              Every request to this flow&apos;s webhook URLs is stored and listed here, accepted or not. The URLs are at
              the top of the editor: the live URL (active once the flow is published) and the test URL for sample
              events.
            </p>
            {flow.data && (
              <div className="mt-4 flex flex-col items-center gap-2 text-sm">
                {flow.data.publishedVersion != null && <UrlLine label="Live URL" url={flow.data.webhookUrl} />}
                <UrlLine label="Test URL" url={flow.data.testWebhookUrl} />
              </div>
            )}
          </div>
        ))}
      {items.length > 0 && <DeliveryTable deliveries={items} />}
      {log.hasNextPage && (
        <button
          type="button"
          onClick={() => void log.fetchNextPage()}
          disabled={log.isFetchingNextPage}
          className={`${buttonStyles.secondary} self-center`}
        >
          {log.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}

function UrlLine({ label, url }: { label: string; url: string }) {
  return (
    <div className="flex max-w-full items-center gap-2">
      <span className="shrink-0 font-medium text-slate-700">{label}</span>
      <code className="min-w-0 truncate rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800">{url}</code>
      <CopyButton text={url} />
    </div>
  );
}
