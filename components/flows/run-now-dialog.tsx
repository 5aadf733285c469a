"use client";

// "Run now": start a run of the published version (or, chosen explicitly, the draft) with a JSON
// payload as the trigger's body, or with the body of a past delivery; then open the run.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useRef, useState } from "react";
import { JsonEditor } from "@/components/canvas/json-editor";
import { Dialog } from "@/components/ui/dialog";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import { runFlowNow, type ManualRunInput } from "@/lib/queries/flow-lifecycle";
import { runQueries } from "@/lib/queries/runs";

function parsePayload(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
}

export function RunNowButton({ flowId, published }: { flowId: string; published: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const payloadId = useId();
  const deliveryFieldId = useId();
  const errorId = useId();
  const [text, setText] = useState('{\n  "hello": "world"\n}');
  const [source, setSource] = useState<"payload" | "delivery">("payload");
  const [deliveryId, setDeliveryId] = useState("");
  const [version, setVersion] = useState<ManualRunInput["version"]>(published ? "published" : "draft");
  const queryClient = useQueryClient();
  const parsed = parsePayload(text);
  const run = useMutation({
    mutationFn: () =>
      runFlowNow(flowId, {
        version,
        ...(source === "delivery" ? { deliveryId: deliveryId.trim() } : { payload: parsed.ok ? parsed.value : null }),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runQueries.forFlow(flowId).queryKey }),
  });
  const invalid = source === "payload" ? !parsed.ok : deliveryId.trim() === "";
  return (
    <>
      <button
        type="button"
        className={buttonStyles.secondary}
        onClick={() => {
          run.reset();
          setVersion(published ? "published" : "draft");
          dialog.current?.showModal();
        }}
      >
        Run now
      </button>
      <Dialog ref={dialog} title="Run now" width="lg">
        <p className="mt-1 text-slate-600">
          Starts a run as if a request had arrived with this body. It is listed in the run history as manual, with your
          name.
        </p>
        <fieldset className="mt-3 flex gap-4">
          <legend className="sr-only">Payload</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={source === "payload"} onChange={() => setSource("payload")} />
            JSON payload
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={source === "delivery"} onChange={() => setSource("delivery")} />A past
            request’s body
          </label>
        </fieldset>
        {source === "payload" ? (
          <div className="mt-2">
            <label htmlFor={payloadId} className="text-xs font-medium text-slate-600">
              Body (JSON)
            </label>
            <JsonEditor
              id={payloadId}
              value={text}
              onChange={setText}
              rows={8}
              invalid={!parsed.ok}
              describedBy={parsed.ok ? undefined : errorId}
            />
            {!parsed.ok && (
              <p id={errorId} className="mt-1 text-xs text-red-700">
                {parsed.message}
              </p>
            )}
          </div>
        ) : (
          <div className="mt-2">
            <label htmlFor={deliveryFieldId} className="text-xs font-medium text-slate-600">
              Request id (from the request log, dlv_…)
            </label>
            <input
              id={deliveryFieldId}
              value={deliveryId}
              onChange={(e) => setDeliveryId(e.target.value)}
              className={inputStyles}
            />
          </div>
        )}
        <fieldset className="mt-3 flex gap-4">
          <legend className="text-xs font-medium text-slate-600">Version</legend>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              disabled={!published}
              checked={version === "published"}
              onChange={() => setVersion("published")}
            />
            Published version
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={version === "draft"} onChange={() => setVersion("draft")} />
            The draft
          </label>
        </fieldset>
        {run.error && (
          <p role="alert" className="mt-2 text-red-700">
            {run.error.message}
          </p>
        )}
        {run.data && (
          <p role="status" className="mt-2 text-emerald-800">
            Run started.{" "}
            <Link href={`/runs/${run.data.runId}`} className={linkStyles}>
              Open the run
            </Link>
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonStyles.ghost} onClick={() => dialog.current?.close()}>
            Close
          </button>
          <button
            type="button"
            className={buttonStyles.primary}
            disabled={invalid || run.isPending}
            onClick={() => run.mutate()}
          >
            Start run
          </button>
        </div>
      </Dialog>
    </>
  );
}
