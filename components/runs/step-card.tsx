// One attempt of one step: which node, how it went, and its input, output and error.
import type { ReactNode } from "react";
import type { StepRunView } from "@/lib/api/dto";
import type { FlowDefinition } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";
import { formatDuration } from "@/components/ui/format";
import { JsonView } from "@/components/ui/json-view";
import { StatusBadge } from "@/components/ui/status-badge";
import { NodeIcon } from "@/components/ui/node-icon";

type Props = { step: StepRunView; definition: FlowDefinition };

export function StepCard({ step, definition }: Props) {
  const kind = getNodeKind(step.nodeType);
  const node = definition.nodes.find((n) => n.id === step.nodeId);
  const label = node?.data.label || kind?.label || step.nodeId;

  return (
    <article data-testid={`step-${step.nodeId}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center gap-3 px-4 py-3">
        <span aria-hidden className="grid size-8 place-items-center rounded-md bg-slate-100 text-lg">
          <NodeIcon name={kind?.icon} />
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-semibold text-slate-900">{label}</h3>
          <p className="text-xs text-slate-500">
            {kind?.label ?? step.nodeType} · <span className="font-mono">{step.nodeId}</span> · Attempt {step.attempt + 1}
          </p>
        </div>
        <span className="text-sm text-slate-600">{formatDuration(step.durationMs)}</span>
        <StatusBadge status={step.status} testId="step-status" />
      </header>
      <div className="flex flex-col gap-2 border-t border-slate-100 px-4 py-3">
        <Section title="Input" open={false}>
          <JsonView value={step.input} copyLabel="Copy input" />
        </Section>
        <Section title="Output" open={step.status === "succeeded"}>
          <JsonView value={step.output} copyLabel="Copy output" />
        </Section>
        {step.error && (
          <Section title="Error" open>
            <p className="mb-2 text-sm font-medium text-red-800">
              {step.error.name ? `${step.error.name}: ` : ""}
              {step.error.message}
            </p>
            {step.error.stack && (
              <pre className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">{step.error.stack}</pre>
            )}
          </Section>
        )}
      </div>
    </article>
  );
}

function Section({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open} className="group">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none hover:text-slate-900">{title}</summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}
