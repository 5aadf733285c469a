"use client";

// The published versions of the flow, newest first, each with "Restore as draft": the version's
// graph replaces the canvas (undoable; autosaved as the draft; published only when you publish).
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { FlowDefinition } from "@/lib/flows/definition";
import { flowQueries, getFlowVersion } from "@/lib/queries/flows";
import { formatTime } from "@/components/ui/format";
import { Dialog } from "@/components/ui/dialog";
import { buttonStyles } from "@/components/ui/styles";

export function VersionsButton({
  flowId,
  liveVersion,
  onRestore,
}: {
  flowId: string;
  liveVersion: number | null;
  onRestore: (def: FlowDefinition, number: number) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const flow = useQuery({ ...flowQueries.detail(flowId), enabled: open });
  const versions = flow.data?.versions ?? [];

  const restore = async (n: number) => {
    setBusy(n);
    setError(null);
    try {
      const v = await getFlowVersion(flowId, n);
      onRestore(v.definition, n);
      dialog.current?.close();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not load the version");
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <button
        type="button"
        className={buttonStyles.ghost}
        onClick={() => {
          setOpen(true);
          // The cached flow predates publishes made in this session: fetch the current list.
          void flow.refetch();
          dialog.current?.showModal();
        }}
      >
        Versions
      </button>
      <Dialog ref={dialog} title="Published versions" onClose={() => setOpen(false)}>
        <p className="mt-1 text-slate-600">
          Restoring puts a version&apos;s steps on the canvas as the draft. The live URL keeps running v
          {liveVersion ?? "–"} until you publish.
        </p>
        {flow.isPending && open && <p className="mt-3 text-slate-500">Loading…</p>}
        {flow.data && versions.length === 0 && <p className="mt-3 text-slate-500">Nothing published yet.</p>}
        {error && (
          <p role="alert" className="mt-2 text-red-700">
            {error}
          </p>
        )}
        <ul data-testid="versions" className="mt-3 flex max-h-80 flex-col divide-y divide-slate-100 overflow-y-auto">
          {versions.map((v) => (
            <li key={v.number} className="flex items-center gap-3 py-1.5">
              <span className="font-semibold text-slate-900">v{v.number}</span>
              {v.number === liveVersion && (
                <span className="rounded-full bg-emerald-50 px-2 text-xs font-semibold text-emerald-800 ring-1 ring-emerald-300">
                  live
                </span>
              )}
              <span className="text-xs text-slate-500">{formatTime(v.createdAt)}</span>
              <button
                type="button"
                className={`${buttonStyles.secondary} ml-auto`}
                disabled={busy !== null}
                onClick={() => void restore(v.number)}
              >
                Restore v{v.number} as draft
              </button>
            </li>
          ))}
        </ul>
        <form method="dialog" className="mt-4 flex justify-end">
          <button type="submit" className={buttonStyles.ghost}>
            Close
          </button>
        </form>
      </Dialog>
    </>
  );
}
