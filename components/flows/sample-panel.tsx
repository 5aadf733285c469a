"use client";

// The latest request to the test URL. Until the first one arrives it says so (polling every 2 s);
// afterwards it shows what the flow would see as `trigger.body`, and keeps looking for newer ones.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { formatTime } from "@/components/ui/format";
import { JsonView } from "@/components/ui/json-view";

// Smaller than the shared buttons: this line sits in the editor's thin URL strip.
const smallButton =
  "rounded px-2 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600";

export function SamplePanel({ flowId }: { flowId: string }) {
  const query = useQuery(deliveryQueries.sample(flowId));
  const sample = query.data?.sample;
  const [open, setOpen] = useState(false);

  if (query.isError && !query.data) {
    return (
      <div data-testid="sample-panel" role="alert" className="flex items-center gap-2 text-xs text-red-700">
        Could not load the sample: {query.error.message}
        <button type="button" onClick={() => void query.refetch()} className={smallButton}>
          Try again
        </button>
      </div>
    );
  }
  if (!sample) {
    return (
      <div data-testid="sample-panel" role="status" className="flex items-center gap-2 text-xs text-slate-500">
        <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-500" />
        Waiting for the first event…
      </div>
    );
  }
  return (
    <div data-testid="sample-panel" className="flex flex-col gap-1 text-xs text-slate-600">
      <div className="flex flex-wrap items-center gap-2">
        <span role="status">
          Sample received {formatTime(sample.delivery.receivedAt)}
          <span className="text-slate-500">
            {" "}
            · {sample.delivery.method}
            {sample.delivery.contentType && ` · ${sample.delivery.contentType}`}
          </span>
        </span>
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className={smallButton}>
          {open ? "Hide body" : "Show body"}
        </button>
        <button
          type="button"
          title="Newer samples also show up by themselves every few seconds."
          onClick={() => void query.refetch()}
          className={smallButton}
        >
          Refresh
        </button>
      </div>
      {open && (
        <div className="max-w-3xl">
          <JsonView value={triggerBody(sample.trigger)} copyLabel="Copy sample" />
        </div>
      )}
    </div>
  );
}

/** `trigger.body`: what `{{ trigger.body.… }}` templates read. */
function triggerBody(trigger: unknown): unknown {
  return typeof trigger === "object" && trigger !== null && "body" in trigger ? trigger.body : undefined;
}
