// Every step of the run in the order it first ran, each with all of its attempts.
import type { RunDetail, StepRunView } from "@/lib/api/dto";
import { StepCard } from "./step-card";

export function groupAttempts(steps: StepRunView[]): StepRunView[][] {
  const byNode = new Map<string, StepRunView[]>();
  for (const s of [...steps].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt,
  )) {
    const list = byNode.get(s.nodeId) ?? [];
    list.push(s);
    byNode.set(s.nodeId, list);
  }
  return [...byNode.values()];
}

export function StepList({ detail }: { detail: RunDetail }) {
  const groups = groupAttempts(detail.steps);
  return (
    <section aria-labelledby="steps-heading" className="flex flex-col gap-3">
      <h2 id="steps-heading" className="text-lg font-semibold">
        Steps
      </h2>
      {groups.length === 0 ? (
        <p className="text-sm text-slate-500">
          {detail.run.status === "queued" ? "Waiting to start…" : "No step has run."}
        </p>
      ) : (
        <ol className="flex flex-col gap-3">
          {groups.map((attempts) => (
            <li key={attempts[0]!.nodeId}>
              <StepCard attempts={attempts} definition={detail.definition} runId={detail.run.id} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
