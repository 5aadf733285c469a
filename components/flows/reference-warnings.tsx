// {{ reference }} problems found before publish (lib/flows/reference-check.ts): errors (a node that
// does not run before) and warnings (a path the sample or the last output does not have).
import type { ReferenceIssue } from "@/lib/flows/reference-check";

export function ReferenceWarnings({
  issues,
  onSelectNode,
}: {
  issues: ReferenceIssue[];
  onSelectNode: (id: string) => void;
}) {
  if (issues.length === 0) return null;
  return (
    <section
      data-testid="reference-warnings"
      aria-label="Data references"
      className="max-h-32 shrink-0 overflow-y-auto border-t border-sky-200 bg-sky-50 px-4 py-2"
    >
      <h2 className="text-sm font-semibold text-sky-900">Check these data references</h2>
      <ul className="mt-1 flex flex-col gap-0.5 text-sm text-sky-900">
        {issues.map((i, n) => (
          <li key={n} className="flex gap-2">
            <span aria-hidden>{i.severity === "error" ? "✕" : "?"}</span>
            <button
              type="button"
              onClick={() => onSelectNode(i.nodeId)}
              className="text-left underline-offset-2 hover:underline"
            >
              {i.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
