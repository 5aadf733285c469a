// Runs: query keys and queryOptions factories (docs/api.md, "Runs"). Lists and run pages poll
// while work is still happening, so progress shows up without a reload.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Page, RunDetail, RunStatus, RunSummary } from "@/lib/api/dto";
import type { BatchProgress, FlowOverview } from "@/lib/api/run-history-dto";
import { filterParams, type RunFilterInput } from "@/lib/api/run-filter";
import { fetchJson } from "./fetch-json";

const base = ["runs"] as const;

export const isActiveStatus = (status: RunStatus | undefined) =>
  status === "queued" || status === "running" || status === "sleeping" || status === "retrying";

const listOptions = (key: readonly unknown[], url: string, filter: RunFilterInput) =>
  infiniteQueryOptions({
    queryKey: [...key, filter] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = filterParams(filter);
      params.set("limit", "25");
      if (pageParam) params.set("cursor", pageParam);
      return fetchJson<Page<RunSummary>>(`${url}?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Fast while something is in flight, slow otherwise (new deliveries still show up).
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((r) => isActiveStatus(r.status))) ? 1_500 : 10_000,
  });

export const runQueries = {
  /** Every runs list (for invalidation after an action). */
  all: base,
  forFlow: (flowId: string, filter: RunFilterInput = {}) =>
    listOptions([...base, "flow", flowId], `/api/flows/${encodeURIComponent(flowId)}/runs`, filter),
  workspace: (filter: RunFilterInput = {}) => listOptions([...base, "workspace"], "/api/runs", filter),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...base, "detail", id] as const,
      queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/runs/${encodeURIComponent(id)}`, { signal }),
      refetchInterval: (query) => (isActiveStatus(query.state.data?.run.status) ? 1_000 : false),
    }),
  overview: (flowId: string) =>
    queryOptions({
      queryKey: [...base, "overview", flowId] as const,
      queryFn: ({ signal }) =>
        fetchJson<FlowOverview>(`/api/flows/${encodeURIComponent(flowId)}/runs/overview`, { signal }),
      refetchInterval: 30_000,
    }),
  batch: (batchId: string) =>
    queryOptions({
      queryKey: [...base, "batch", batchId] as const,
      queryFn: ({ signal }) =>
        fetchJson<BatchProgress>(`/api/runs/bulk-replay/${encodeURIComponent(batchId)}`, { signal }),
      refetchInterval: (query) => (query.state.data?.done ? false : 1_000),
    }),
  retention: () =>
    queryOptions({
      queryKey: [...base, "retention"] as const,
      queryFn: ({ signal }) => fetchJson<{ retentionDays: number }>("/api/runs/retention", { signal }),
    }),
};

const post = <T>(url: string, json: unknown = {}) => fetchJson<T>(url, { method: "POST", json });
const runUrl = (id: string, action: string) => `/api/runs/${encodeURIComponent(id)}/${action}`;

export const runActions = {
  replay: (id: string, version: "same" | "latest") => post<{ runId: string }>(runUrl(id, "replay"), { version }),
  retry: (id: string) => post<{ runId: string }>(runUrl(id, "retry")),
  dryRun: (id: string) => post<{ runId: string }>(runUrl(id, "dry-run")),
  cancel: (id: string) => post<{ runId: string; status: string }>(runUrl(id, "cancel")),
  bulkReplay: (flowId: string | null, filter: RunFilterInput, version: "same" | "latest") => {
    const p = filterParams(filter);
    const f: Record<string, unknown> = {};
    if (p.get("status")) f.status = p.get("status");
    if (p.get("eventType")) f.eventType = p.get("eventType");
    if (p.get("from")) f.from = p.get("from");
    if (p.get("q")) f.q = p.get("q");
    return post<{ batchId: string; total: number; skipped: number }>("/api/runs/bulk-replay", {
      ...(flowId ? { flowId } : {}),
      filter: f,
      version,
    });
  },
  setRetention: (retentionDays: number) =>
    fetchJson<{ retentionDays: number }>("/api/runs/retention", { method: "PUT", json: { retentionDays } }),
};
