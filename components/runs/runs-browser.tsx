"use client";

// A runs list with its filters, "load more" (keyset pages) and bulk replay of the failed runs
// that match. Per flow (flowId) or across the workspace (flowId null).
import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { LoadError } from "@/components/ui/load-error";
import { buttonStyles } from "@/components/ui/styles";
import type { RunFilterInput } from "@/lib/api/run-filter";
import { runQueries } from "@/lib/queries/runs";
import { BulkReplay } from "./bulk-replay";
import { RunFilters } from "./run-filters";
import { RunTable } from "./run-table";

/** Empty search pages fetched without a click before the user is asked to go further back. */
const AUTO_PAGES = 5;

export function RunsBrowser({ flowId, empty }: { flowId: string | null; empty: ReactNode }) {
  const [filter, setFilter] = useState<RunFilterInput>({});
  const [bulk, setBulk] = useState(false);
  const onChange = useCallback((next: RunFilterInput) => setFilter(next), []);
  const runs = useInfiniteQuery(flowId ? runQueries.forFlow(flowId, filter) : runQueries.workspace(filter));
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filter.status || filter.eventType || filter.q || filter.range);
  // A search reads a bounded slice of history per page (lib/runs/list-runs.ts), so a page can come
  // back empty with more history behind it: look further back by itself a few times first.
  const pages = runs.data?.pages.length ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = runs;
  useEffect(() => {
    if (items.length === 0 && hasNextPage && !isFetchingNextPage && pages < AUTO_PAGES) void fetchNextPage();
  }, [items.length, hasNextPage, isFetchingNextPage, pages, fetchNextPage]);

  return (
    <div className="flex flex-col gap-4">
      <RunFilters value={filter} onChange={onChange} />
      <div className="flex items-center justify-end">
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => setBulk((b) => !b)}
          aria-expanded={bulk}
        >
          Bulk replay…
        </button>
      </div>
      {bulk && <BulkReplay flowId={flowId} filter={filter} />}
      {runs.isPending && <p className="text-sm text-slate-500">Loading runs…</p>}
      {runs.isError && <LoadError what="the runs" error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.isSuccess &&
        items.length === 0 &&
        !(runs.hasNextPage && pages < AUTO_PAGES) &&
        (filtered ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">
            {runs.hasNextPage
              ? "No run matches these filters in the most recent history searched. Search further back to continue."
              : "No run matches these filters."}
          </p>
        ) : (
          empty
        ))}
      {runs.isSuccess && items.length === 0 && runs.hasNextPage && pages < AUTO_PAGES && (
        <p className="text-sm text-slate-500">Searching older runs…</p>
      )}
      {items.length > 0 && <RunTable runs={items} showFlow={!flowId} />}
      {runs.hasNextPage && (
        <button
          type="button"
          onClick={() => void runs.fetchNextPage()}
          disabled={runs.isFetchingNextPage}
          className={`${buttonStyles.secondary} self-center`}
        >
          {runs.isFetchingNextPage ? "Loading…" : items.length === 0 ? "Search further back" : "Load more"}
        </button>
      )}
    </div>
  );
}
