"use client";

// Pausing and resuming a flow. The answer updates the cached flow (the editor reads `paused`
// from it) and refreshes the lists whose runs change state: held ones start or are cancelled.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { flowQueries, setFlowPaused } from "@/lib/queries/flows";
import { runQueries } from "@/lib/queries/runs";

export function useSetPaused(flowId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { paused: boolean; held?: "run" | "discard" }) => setFlowPaused(flowId, input),
    onSuccess: (result) => {
      queryClient.setQueryData(flowQueries.detail(flowId).queryKey, (old) => old && { ...old, paused: result.paused });
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      void queryClient.invalidateQueries({ queryKey: runQueries.forFlow(flowId).queryKey });
      void queryClient.invalidateQueries({ queryKey: deliveryQueries.flowLog(flowId) });
    },
  });
}
