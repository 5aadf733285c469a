// Runs: query keys and queryOptions factories (docs/api.md, "Runs"). Both poll while work is
// still happening, so a run's progress shows up without a reload.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Page, RunDetail, RunStatus, RunSummary } from "@/lib/api/dto";
import { fetchJson } from "./fetch-json";

const base = ["runs"] as const;

export const isActiveStatus = (status: RunStatus | undefined) => status === "queued" || status === "running";

export const runQueries = {
  forFlow: (flowId: string) =>
    infiniteQueryOptions({
      queryKey: [...base, "flow", flowId] as const,
      queryFn: ({ pageParam, signal }) => {
        const params = new URLSearchParams({ limit: "25" });
        if (pageParam) params.set("cursor", pageParam);
        return fetchJson<Page<RunSummary>>(`/api/flows/${encodeURIComponent(flowId)}/runs?${params}`, { signal });
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      // Fast while something is in flight, slow otherwise (new deliveries still show up).
      refetchInterval: (query) =>
        query.state.data?.pages.some((p) => p.items.some((r) => isActiveStatus(r.status))) ? 1_500 : 10_000,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...base, "detail", id] as const,
      queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/runs/${encodeURIComponent(id)}`, { signal }),
      refetchInterval: (query) => (isActiveStatus(query.state.data?.run.status) ? 1_000 : false),
    }),
};
