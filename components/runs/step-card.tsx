// One node of a run: how it went (its latest attempt), every attempt with its times and error,
// the input it resolved, its output, the idempotency key its side effects carried. Everything
// that came from a payload is rendered as text.
import type { ReactNode } from "react";
import type { StepRunView } from "@/lib/api/dto";
import type { FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDuration, formatTime } from "@/components/ui/format";
import { JsonView } from "@/components/ui/json-view";
import { StatusBadge } from "@/components/ui/status-badge";
import { KindIcon } from "@/components/apps/kind-icon";

type Props = { attempts: StepRunView[]; definition: FlowDefinition; runId: string };

export function StepCard({ attempts, definition, runId }: Props) {
  const step = attempts.at(-1)!;
  const kind = getNodeKind(step.nodeType);
  const node = definition.nodes.find((n) => n.id === step.nodeId.split("#")[0]);
  const label = node?.data.label || kind?.label || step.nodeId;
  const idempotencyKey = `${runId}:${step.nodeId}`;
  const failed = attempts.filter((a) => a.error);

  return (
    <article data-testid={`step-${step.nodeId}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center gap-3 px-4 py-3">
        <span aria-hidden className="grid size-8 place-items-center rounded-md bg-slate-100 text-lg">
          <KindIcon kind={kind} />
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-semibold text-slate-900">{label}</h3>
          <p className="text-xs text-slate-500">
            {kind?.label ?? step.nodeType} · <span className="font-mono">{step.nodeId}</span> ·{" "}
            {attempts.length === 1 ? "1 attempt" : `${attempts.length} attempts`}
            {step.reusedFromRunId && (
              <>
                {" "}
                · output reused from run <span className="font-mono">{step.reusedFromRunId}</span> (not sent again)
              </>
            )}
          </p>
        </div>
        <span className="text-sm text-slate-600">{formatDuration(step.durationMs)}</span>
        <StatusBadge status={step.status} testId="step-status" />
      </header>
      <div className="flex flex-col gap-2 border-t border-slate-100 px-4 py-3">
        <p className="flex items-center gap-2 text-xs text-slate-600">
          Idempotency key{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800" data-testid="idempotency-key">
            {idempotencyKey}
          </code>
          <CopyButton text={idempotencyKey} label="Copy key" />
        </p>
        {attempts.length > 1 && (
          <Section title={`Attempts (${attempts.length})`} open={step.status === "failed"}>
            <table className="w-full text-left text-xs" data-testid="step-attempts">
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-1 pr-3">
                    #
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Status
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Started
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Took
                  </th>
                  <th scope="col" className="py-1">
                    Error
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attempts.map((a) => (
                  <tr key={a.id}>
                    <td className="py-1 pr-3">{a.attempt + 1}</td>
                    <td className="py-1 pr-3">{a.status}</td>
                    <td className="py-1 pr-3 whitespace-nowrap">{formatTime(a.startedAt)}</td>
                    <td className="py-1 pr-3">{formatDuration(a.durationMs)}</td>
                    <td className="py-1 break-all text-red-800">{a.error?.message ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
        <Section title="Input" open={false}>
          <JsonView value={step.input} copyLabel="Copy input" />
        </Section>
        <Section title="Output" open={step.status === "succeeded"}>
          <JsonView value={step.output} copyLabel="Copy output" />
        </Section>
        {step.error && (
          <Section title="Error" open>
            <p className="mb-2 text-sm font-medium text-red-800" data-testid="step-error">
              {step.error.name ? `${step.error.name}: ` : ""}
              {step.error.message}
            </p>
            {step.error.stack && (
              <pre className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
                {step.error.stack}
              </pre>
            )}
          </Section>
        )}
        {!step.error && failed.length > 0 && (
          <p className="text-xs text-slate-500">Earlier attempts failed: {failed.at(-1)!.error!.message}</p>
        )}
      </div>
    </article>
  );
}

function Section({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open} className="group">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none hover:text-slate-900">
        {title}
      </summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}
