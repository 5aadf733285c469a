// The request log and test-URL samples: query keys and queryOptions factories (docs/api.md,
// "Request log"). Each polls, so a request shows up while the user watches.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { DeliveryLog, DeliveryView, SampleView } from "@/lib/api/dto";
import { fetchJson } from "./fetch-json";

const base = ["deliveries"] as const;

export type DeliveryFilter = { kind?: "live" | "test"; verdict?: string };

const flowPath = (flowId: string) => `/api/flows/${encodeURIComponent(flowId)}`;

export const deliveryQueries = {
  /** Every query of one flow's log, whatever the filter (for invalidation). */
  flowLog: (flowId: string) => [...base, "flow", flowId] as const,
  forFlow: (flowId: string, filter: DeliveryFilter) =>
    infiniteQueryOptions({
      queryKey: [...deliveryQueries.flowLog(flowId), filter] as const,
      queryFn: ({ pageParam, signal }) => {
        const params = new URLSearchParams({ limit: "25" });
        if (pageParam) params.set("cursor", pageParam);
        if (filter.kind) params.set("kind", filter.kind);
        if (filter.verdict) params.set("verdict", filter.verdict);
        return fetchJson<DeliveryLog>(`${flowPath(flowId)}/deliveries?${params}`, { signal });
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: 3_000,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...base, "detail", id] as const,
      queryFn: ({ signal }) => fetchJson<DeliveryView>(`/api/deliveries/${encodeURIComponent(id)}`, { signal }),
      // A stored request never changes.
      staleTime: Infinity,
    }),
  /** The workspace's extra headers the request log stores as "[redacted]" (owners edit them). */
  deniedHeaders: () =>
    queryOptions({
      queryKey: [...base, "denied-headers"] as const,
      queryFn: ({ signal }) => fetchJson<{ deniedHeaders: string[] }>("/api/settings/webhooks", { signal }),
    }),
  /** The latest request to the test URL: quick polling until the first one, then slower for newer ones. */
  sample: (flowId: string) =>
    queryOptions({
      queryKey: [...base, "sample", flowId] as const,
      queryFn: ({ signal }) => fetchJson<{ sample: SampleView | null }>(`${flowPath(flowId)}/sample`, { signal }),
      refetchInterval: (query) => (query.state.data?.sample ? 5_000 : 2_000),
    }),
};

export const setDeniedHeaders = (deniedHeaders: string[]) =>
  fetchJson<{ deniedHeaders: string[] }>("/api/settings/webhooks", { method: "PUT", json: { deniedHeaders } });
