// The browser's calls for the flow lifecycle (list with filters, delete, archive, duplicate), Run now
// and re-verification. List keys sit under flowQueries.all()'s key, so invalidating it refreshes them.
import type { ReverifyResult } from "@/lib/api/delivery-history-dto";
import { queryOptions } from "@tanstack/react-query";
import type { FlowDetail } from "@/lib/api/dto";
import type { DeletionSummary, FlowListItem, FlowListQuery } from "@/lib/api/flow-list-dto";
import { fetchJson } from "./fetch-json";

const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const flowListQueries = {
  list: (q: FlowListQuery) =>
    queryOptions({
      queryKey: ["flows", "list", q] as const,
      queryFn: ({ signal }) => {
        const params = new URLSearchParams();
        if (q.q) params.set("q", q.q);
        if (q.status) params.set("status", q.status);
        return fetchJson<{ items: FlowListItem[] }>(`/api/flows?${params}`, { signal });
      },
    }),
  deletion: (id: string) =>
    queryOptions({
      queryKey: ["flows", "deletion", id] as const,
      queryFn: ({ signal }) => fetchJson<DeletionSummary>(`${flowPath(id)}/deletion`, { signal }),
    }),
};

export const deleteFlow = (id: string, cancelRuns: boolean) =>
  fetchJson<DeletionSummary>(`${flowPath(id)}${cancelRuns ? "?cancelRuns=true" : ""}`, { method: "DELETE" });

export const setFlowArchived = (id: string, archived: boolean) =>
  fetchJson<{ archived: boolean }>(`${flowPath(id)}/archive`, { method: "POST", json: { archived } });

export const duplicateFlow = (id: string) => fetchJson<FlowDetail>(`${flowPath(id)}/duplicate`, { method: "POST" });

export type ManualRunInput = { payload?: unknown; deliveryId?: string; version: "published" | "draft" };
export const runFlowNow = (id: string, input: ManualRunInput) =>
  fetchJson<{ runId: string; deliveryId: string; version: number | "draft" }>(`${flowPath(id)}/manual-runs`, {
    method: "POST",
    json: input,
  });

export const reverifyDelivery = (id: string) =>
  fetchJson<ReverifyResult>(`/api/deliveries/${encodeURIComponent(id)}/reverify`, { method: "POST" });
