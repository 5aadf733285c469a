"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { buttonStyles } from "@/components/ui/styles";
import { createFlow, flowQueries } from "@/lib/queries/flows";

export function NewFlowButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => createFlow("Untitled flow"),
    onSuccess: (flow) => {
      // Seed the editor's query so it opens without a second round trip.
      queryClient.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      router.push(`/flows/${flow.id}`);
    },
  });

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => create.mutate()}
        disabled={create.isPending || create.isSuccess}
        className={buttonStyles.primary}
      >
        <span aria-hidden className="text-base leading-none">
          +
        </span>
        New flow
      </button>
      {create.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not create the flow: {create.error.message}
        </p>
      )}
    </div>
  );
}
