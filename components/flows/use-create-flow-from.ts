"use client";

// Creates a flow from a definition (template or imported file) and opens it in the editor.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FlowDefinition } from "@/lib/flows/definition";
import { createFlowFrom, flowQueries } from "@/lib/queries/flows";

export function useCreateFlowFrom() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, definition }: { name: string; definition: FlowDefinition }) =>
      createFlowFrom(name, definition),
    onSuccess: (flow) => {
      queryClient.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      router.push(`/flows/${flow.id}`);
    },
  });
}
