"use client";

// Shown while the flow is paused. Resuming asks what to do with the requests held meanwhile,
// so nothing runs (or is thrown away) without the user having chosen it.
import { buttonStyles } from "@/components/ui/styles";
import { useSetPaused } from "./use-set-paused";

export function PausedBanner({ flowId }: { flowId: string }) {
  const resume = useSetPaused(flowId);
  const discard = () => {
    if (window.confirm("Discard every request held while the flow was paused? Their runs are cancelled.")) {
      resume.mutate({ paused: false, held: "discard" });
    }
  };
  return (
    <div
      data-testid="paused-banner"
      role="status"
      className="flex shrink-0 flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-sm text-amber-900"
    >
      <span className="font-medium">Paused: requests are stored and held; nothing runs until you resume.</span>
      <div className="ml-auto flex items-center gap-2">
        {resume.isError && (
          <span role="alert" className="text-red-700">
            Could not resume: {resume.error.message}
          </span>
        )}
        <button
          type="button"
          onClick={() => resume.mutate({ paused: false, held: "run" })}
          disabled={resume.isPending}
          className={buttonStyles.secondary}
        >
          Resume and run held requests
        </button>
        <button type="button" onClick={discard} disabled={resume.isPending} className={buttonStyles.danger}>
          Resume and discard held requests
        </button>
      </div>
    </div>
  );
}
