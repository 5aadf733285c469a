"use client";

// "Also run the draft on test requests": a test request then starts a draft run, listed with the
// flow's runs as version "draft", so a change can be tried end to end before it is published.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { flowQueries, setTestRunsDraft } from "@/lib/queries/flows";

export function RunDraftToggle({ flowId, checked }: { flowId: string; checked: boolean }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (next: boolean) => setTestRunsDraft(flowId, next),
    onSuccess: (_r, next) =>
      queryClient.setQueryData(flowQueries.detail(flowId).queryKey, (old) => old && { ...old, testRunsDraft: next }),
  });
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-600">
      <input
        type="checkbox"
        checked={toggle.isPending ? Boolean(toggle.variables) : checked}
        disabled={toggle.isPending}
        onChange={(e) => toggle.mutate(e.target.checked)}
        className="h-3.5 w-3.5 accent-indigo-600"
      />
      Also run the draft on test requests
      {toggle.isError && <span className="text-red-600"> (could not save: {toggle.error.message})</span>}
    </label>
  );
}
