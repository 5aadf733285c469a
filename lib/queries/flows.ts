// Flows: query keys, queryOptions factories and the write calls (docs/api.md, "Flows").
import { queryOptions } from "@tanstack/react-query";
import type { FlowDetail, FlowSummary, Page, RunDetail, RunSummary } from "@/lib/api/dto";
import type { FlowDefinition } from "@/lib/flows/definition";
import type { TestStepResult } from "@/lib/flows/test-step-types";
import { fetchJson } from "./fetch-json";

const base = ["flows"] as const;

export const flowQueries = {
  all: () =>
    queryOptions({
      queryKey: [...base, "list"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: FlowSummary[] }>("/api/flows", { signal }),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...base, "detail", id] as const,
      queryFn: ({ signal }) => fetchJson<FlowDetail>(`/api/flows/${encodeURIComponent(id)}`, { signal }),
    }),
};

export type SaveDraftInput = { name: string; definition: FlowDefinition; revision: number };
export type SaveDraftResult = { revision: number; updatedAt: string };
export type PublishResult = { version: number; webhookUrl: string };

export const createFlow = (name: string) => fetchJson<FlowDetail>("/api/flows", { method: "POST", json: { name } });

export const saveDraft = (id: string, input: SaveDraftInput) =>
  fetchJson<SaveDraftResult>(`/api/flows/${encodeURIComponent(id)}`, { method: "PUT", json: input });

export const publishFlow = (id: string) =>
  fetchJson<PublishResult>(`/api/flows/${encodeURIComponent(id)}/publish`, { method: "POST" });

export type WebhookUrls = { webhookUrl: string; testWebhookUrl: string };
export type PauseResult = { paused: boolean; held: number };

/** Replaces the live or test URL; the old one then answers 410 Gone. */
export const regenerateWebhook = (id: string, kind: "live" | "test") =>
  fetchJson<WebhookUrls>(`/api/flows/${encodeURIComponent(id)}/webhook/regenerate`, { method: "POST", json: { kind } });

/** `held` only matters on resume: run the requests held while paused, or discard them. */
export const setFlowPaused = (id: string, input: { paused: boolean; held?: "run" | "discard" }) =>
  fetchJson<PauseResult>(`/api/flows/${encodeURIComponent(id)}/pause`, { method: "POST", json: input });

export const setTestRunsDraft = (id: string, testRunsDraft: boolean) =>
  fetchJson<SaveDraftResult>(`/api/flows/${encodeURIComponent(id)}`, { method: "PUT", json: { testRunsDraft } });

/** Creates a flow from a definition (import, templates). */
export const createFlowFrom = (name: string, definition: FlowDefinition) =>
  fetchJson<FlowDetail>("/api/flows", { method: "POST", json: { name, definition } });

export type VersionDetail = { number: number; createdAt: string; definition: FlowDefinition };

export const getFlowVersion = (id: string, number: number) =>
  fetchJson<VersionDetail>(`/api/flows/${encodeURIComponent(id)}/versions/${number}`);

export const testFlowStep = (
  id: string,
  input: { node: FlowDefinition["nodes"][number]; confirm: boolean; outputs?: Record<string, unknown> },
) => fetchJson<TestStepResult>(`/api/flows/${encodeURIComponent(id)}/test-step`, { method: "POST", json: input });

/** The flow's newest run with its steps (run badges on the canvas, outputs for the picker). */
export const latestRunQuery = (flowId: string) =>
  queryOptions({
    queryKey: [...base, "latest-run", flowId] as const,
    queryFn: async ({ signal }) => {
      const page = await fetchJson<Page<RunSummary>>(`/api/flows/${encodeURIComponent(flowId)}/runs?limit=1`, {
        signal,
      });
      const run = page.items[0];
      return run ? fetchJson<RunDetail>(`/api/runs/${encodeURIComponent(run.id)}`, { signal }) : null;
    },
    refetchInterval: (q) =>
      q.state.data && ["queued", "running", "retrying", "sleeping"].includes(q.state.data.run.status) ? 1_000 : 3_000,
  });
