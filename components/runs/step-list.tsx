// Every step attempt in the order it ran.
import type { RunDetail } from "@/lib/api/dto";
import { StepCard } from "./step-card";

export function StepList({ detail }: { detail: RunDetail }) {
  const steps = [...detail.steps].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt);
  return (
    <section aria-labelledby="steps-heading" className="flex flex-col gap-3">
      <h2 id="steps-heading" className="text-lg font-semibold">
        Steps
      </h2>
      {steps.length === 0 ? (
        <p className="text-sm text-slate-500">
          {detail.run.status === "queued" ? "Waiting to start…" : "No step has run."}
        </p>
      ) : (
        <ol className="flex flex-col gap-3">
          {steps.map((step) => (
            <li key={step.id}>
              <StepCard step={step} definition={detail.definition} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
