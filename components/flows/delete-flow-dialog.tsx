"use client";

// Deleting a flow: the dialog names what goes (versions, URLs, deliveries, runs), asks for the
// flow's name typed, and offers to cancel unfinished runs (the server refuses otherwise).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import type { DeletionSummary } from "@/lib/api/flow-list-dto";
import { deleteFlow, flowListQueries } from "@/lib/queries/flow-lifecycle";
import { flowQueries } from "@/lib/queries/flows";

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function deletionText(s: DeletionSummary) {
  return [
    count(s.versions, "version"),
    count(s.urls, "URL"),
    count(s.deliveries, "stored request"),
    count(s.runs, "run"),
  ].join(", ");
}

export function DeleteFlowButton({ flowId, name }: { flowId: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const router = useRouter();
  const queryClient = useQueryClient();
  const summary = useQuery({ ...flowListQueries.deletion(flowId), enabled: open });
  const remove = useMutation({
    mutationFn: () => deleteFlow(flowId, (summary.data?.unfinishedRuns ?? 0) > 0),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: flowQueries.detail(flowId).queryKey });
      void queryClient.invalidateQueries({ queryKey: flowQueries.all().queryKey });
      router.push("/flows");
    },
  });
  const s = summary.data;
  return (
    <>
      <button
        type="button"
        className={buttonStyles.danger}
        onClick={() => {
          setOpen(true);
          setTyped("");
          void summary.refetch();
          dialog.current?.showModal();
        }}
      >
        Delete
      </button>
      <Dialog ref={dialog} title={<>Delete “{name}”?</>} onClose={() => setOpen(false)}>
        {summary.isPending && <p className="mt-2 text-slate-500">Counting what goes…</p>}
        {s && (
          <p data-testid="deletion-summary" className="mt-2">
            This deletes {deletionText(s)}. Senders posting to its URLs get 404. This cannot be undone.
          </p>
        )}
        {s && s.unfinishedRuns > 0 && (
          <p className="mt-2 text-amber-800">
            {count(s.unfinishedRuns, "run is", "runs are")} not finished: they will be cancelled first.
          </p>
        )}
        <label htmlFor={nameId} className="mt-3 block text-xs font-medium text-slate-600">
          Type the flow’s name to confirm
        </label>
        <input
          id={nameId}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          className={inputStyles}
          autoComplete="off"
        />
        {remove.error && (
          <p role="alert" className="mt-2 text-red-700">
            {remove.error.message}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonStyles.ghost} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonStyles.danger}
            disabled={!s || typed.trim() !== name.trim() || remove.isPending}
            onClick={() => remove.mutate()}
          >
            Delete flow
          </button>
        </div>
      </Dialog>
    </>
  );
}
