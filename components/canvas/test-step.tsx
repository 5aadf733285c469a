"use client";

// "Test this step": runs the selected node on the server with the captured sample and shows what
// went in and what came out. A step that acts on the outside world (sends a request, an e-mail, a
// message) asks first; "Preview only" shows what it would send without sending it.
import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { testFlowStep } from "@/lib/queries/flows";
import type { TestStepResult } from "@/lib/flows/test-step-types";
import type { FlowNode } from "@/lib/flows/definition";
import { Dialog } from "@/components/ui/dialog";
import { buttonStyles } from "@/components/ui/styles";
import { JsonView } from "@/components/ui/json-view";
import { formatDuration } from "./format-duration";

type Props = {
  flowId: string;
  node: FlowNode;
  sideEffect: boolean;
  outputs: Record<string, unknown>;
  onResult: (nodeId: string, r: TestStepResult) => void;
};

export function TestStep({ flowId, node, sideEffect, outputs, onResult }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const test = useMutation({
    mutationFn: (confirm: boolean) => testFlowStep(flowId, { node, confirm, outputs }),
    onSuccess: (r) => onResult(node.id, r),
  });
  const r = test.data;
  const start = () => (sideEffect ? dialog.current?.showModal() : test.mutate(false));

  return (
    <section
      aria-label="Test this step"
      data-testid="test-step"
      className="flex flex-col gap-2 rounded-md border border-slate-200 p-2"
    >
      <div className="flex items-center gap-2">
        <button type="button" onClick={start} disabled={test.isPending} className={buttonStyles.secondary}>
          {test.isPending ? "Testing…" : "Test this step"}
        </button>
        <span className="text-xs text-slate-500">Uses the captured sample and earlier steps&apos; last outputs.</span>
      </div>
      {test.isError && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {test.error.message}
        </p>
      )}
      {r && (
        <div data-testid="test-step-result" data-status={r.status} className="flex flex-col gap-2 text-xs">
          <p
            role="status"
            className={
              r.status === "failed"
                ? "font-semibold text-red-700"
                : r.status === "succeeded"
                  ? "font-semibold text-emerald-700"
                  : "font-semibold text-slate-700"
            }
          >
            {r.status === "preview"
              ? "Preview: nothing was sent."
              : r.status === "succeeded"
                ? "Succeeded"
                : `Failed: ${r.error?.message ?? "unknown error"}`}
            {r.durationMs !== null && ` · ${formatDuration(r.durationMs)}`}
            {!r.usedSample && " · no sample yet (an empty request stood in)"}
          </p>
          {r.missing.length > 0 && (
            <p className="text-amber-800">Not found in the data: {r.missing.map((m) => `{{ ${m} }}`).join(", ")}</p>
          )}
          <div>
            <h3 className="mb-0.5 font-semibold text-slate-700">Input</h3>
            <JsonView value={r.input} copyLabel="Copy input" />
          </div>
          {r.ran && r.status === "succeeded" && (
            <div>
              <h3 className="mb-0.5 font-semibold text-slate-700">Output</h3>
              <JsonView value={r.output} copyLabel="Copy output" />
            </div>
          )}
        </div>
      )}
      <Dialog ref={dialog} title="Really run this step?">
        <p className="mt-2">
          This step acts on the outside world (it sends a request or a message). Run it for real with the sample data,
          or only preview what it would send.
        </p>
        <form method="dialog" className="mt-4 flex flex-wrap justify-end gap-2">
          <button type="submit" className={buttonStyles.ghost}>
            Cancel
          </button>
          <button type="submit" onClick={() => test.mutate(false)} className={buttonStyles.secondary}>
            Preview only
          </button>
          <button type="submit" onClick={() => test.mutate(true)} className={buttonStyles.primary}>
            Run for real
          </button>
        </form>
      </Dialog>
    </section>
  );
}
