"use client";

// The editor's lifecycle actions: duplicate (opens the copy), archive / unarchive, and delete behind
// a confirmation that names what goes and needs the flow's name typed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { buttonStyles } from "@/components/ui/styles";
import { duplicateFlow, setFlowArchived } from "@/lib/queries/flow-lifecycle";
import { flowQueries } from "@/lib/queries/flows";
import { DeleteFlowButton } from "./delete-flow-dialog";

export function FlowLifecycleActions({ flowId, name }: { flowId: string; name: string }) {
  // The editor has the flow loaded: its cached detail says whether it is archived.
  const archived = useQuery(flowQueries.detail(flowId)).data?.archived ?? false;
  const router = useRouter();
  const queryClient = useQueryClient();
  const duplicate = useMutation({
    mutationFn: () => duplicateFlow(flowId),
    onSuccess: (copy) => {
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      router.push(`/flows/${copy.id}`);
    },
  });
  const archive = useMutation({
    mutationFn: (next: boolean) => setFlowArchived(flowId, next),
    onSuccess: (r) => {
      queryClient.setQueryData(flowQueries.detail(flowId).queryKey, (old) => old && { ...old, archived: r.archived });
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
    },
  });
  const error = duplicate.error ?? archive.error;
  return (
    <>
      {archived && (
        <span
          data-testid="archived-badge"
          title="Its webhook URLs answer 410 Gone and store nothing"
          className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-700 ring-1 ring-slate-400 ring-inset"
        >
          Archived
        </span>
      )}
      <button
        type="button"
        className={buttonStyles.ghost}
        disabled={duplicate.isPending}
        onClick={() => duplicate.mutate()}
      >
        Duplicate
      </button>
      <button
        type="button"
        className={buttonStyles.ghost}
        disabled={archive.isPending}
        onClick={() => archive.mutate(!archived)}
      >
        {archived ? "Unarchive" : "Archive"}
      </button>
      <DeleteFlowButton flowId={flowId} name={name} />
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error.message}
        </span>
      )}
    </>
  );
}
