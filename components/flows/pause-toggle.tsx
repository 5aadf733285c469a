"use client";

// "Pause flow" / "Resume flow" in the editor's top bar. Pausing is immediate; resuming asks
// whether the requests held meanwhile should run (in arrival order) or be discarded.
import { useRef } from "react";
import { Dialog } from "@/components/ui/dialog";
import { buttonStyles } from "@/components/ui/styles";
import { useSetPaused } from "./use-set-paused";

export function PauseToggle({ flowId, paused }: { flowId: string; paused: boolean }) {
  const toggle = useSetPaused(flowId);
  const dialog = useRef<HTMLDialogElement>(null);

  return (
    <>
      {toggle.isError && (
        <span role="alert" className="text-sm text-red-700">
          {paused ? "Could not resume" : "Could not pause"}: {toggle.error.message}
        </span>
      )}
      <button
        type="button"
        data-testid="pause-toggle"
        disabled={toggle.isPending}
        onClick={() => (paused ? dialog.current?.showModal() : toggle.mutate({ paused: true }))}
        className={buttonStyles.secondary}
      >
        {paused ? "Resume flow" : "Pause flow"}
      </button>
      <Dialog ref={dialog} title="Resume this flow?">
        <p className="mt-2">
          Requests that arrived while it was paused are held. Run them now, in the order they arrived, or discard them.
        </p>
        {/* method="dialog": every button closes the dialog after its click handler. */}
        <form method="dialog" className="mt-4 flex flex-wrap justify-end gap-2">
          <button type="submit" className={buttonStyles.ghost}>
            Cancel
          </button>
          <button
            type="submit"
            onClick={() => toggle.mutate({ paused: false, held: "discard" })}
            className={buttonStyles.danger}
          >
            Discard held requests
          </button>
          <button
            type="submit"
            onClick={() => toggle.mutate({ paused: false, held: "run" })}
            className={buttonStyles.primary}
          >
            Run held requests
          </button>
        </form>
      </Dialog>
    </>
  );
}
