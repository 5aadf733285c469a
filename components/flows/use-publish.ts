"use client";

// Publishing: save the draft first (a publish of stale server state would surprise), then publish.
// A 422 carries the graph issues in `details`; they are listed so the user can fix each one.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { GraphIssue } from "@/lib/flows/check-graph";
import { flowQueries, publishFlow, type PublishResult } from "@/lib/queries/flows";
import { ApiRequestError } from "@/lib/queries/fetch-json";

export type PublishStatus =
  | { phase: "idle" }
  | { phase: "publishing" }
  | { phase: "published"; version: number }
  | { phase: "failed"; message: string; issues: GraphIssue[] };

type Options = { flowId: string; save: () => Promise<boolean>; onPublished: (result: PublishResult) => void };

export function usePublish({ flowId, save, onPublished }: Options) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<PublishStatus>({ phase: "idle" });

  const publish = useCallback(async () => {
    setStatus({ phase: "publishing" });
    if (!(await save())) {
      setStatus({ phase: "failed", message: "The draft could not be saved, so nothing was published.", issues: [] });
      return;
    }
    try {
      const result = await publishFlow(flowId);
      onPublished(result);
      setStatus({ phase: "published", version: result.version });
      queryClient.setQueryData(
        flowQueries.detail(flowId).queryKey,
        (old) => old && { ...old, publishedVersion: result.version, webhookUrl: result.webhookUrl },
      );
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
    } catch (err) {
      const issues = err instanceof ApiRequestError ? toIssues(err.details) : [];
      setStatus({ phase: "failed", message: err instanceof Error ? err.message : "Publish failed", issues });
    }
  }, [flowId, save, onPublished, queryClient]);

  const dismiss = useCallback(() => setStatus({ phase: "idle" }), []);
  return { status, publish, dismiss };
}

function toIssues(details: unknown): GraphIssue[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== "object" || d === null || !("message" in d) || typeof d.message !== "string") return [];
    const str = (key: string) => {
      const v: unknown = (d as Record<string, unknown>)[key];
      return typeof v === "string" ? v : undefined;
    };
    return [{ message: d.message, nodeId: str("nodeId"), edgeId: str("edgeId"), field: str("field") }];
  });
}
