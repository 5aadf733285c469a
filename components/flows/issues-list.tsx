// Live graph problems (lib/flows/check-graph), the same rules the server applies on publish.
import type { GraphIssue } from "@/lib/flows/check-graph";

type Props = { issues: GraphIssue[]; onSelectNode: (id: string) => void };

export function IssuesList({ issues, onSelectNode }: Props) {
  if (issues.length === 0) return null;
  return (
    <section
      data-testid="issues"
      aria-label="Problems"
      className="max-h-40 shrink-0 overflow-y-auto border-t border-amber-200 bg-amber-50 px-4 py-2"
    >
      <h2 className="text-sm font-semibold text-amber-900">
        {issues.length === 1 ? "1 problem" : `${issues.length} problems`} to fix before publishing
      </h2>
      <ul className="mt-1 flex flex-col gap-0.5 text-sm text-amber-900">
        {issues.map(({ message, nodeId }, i) => (
          <li key={i} className="flex gap-2">
            <span aria-hidden>⚠</span>
            {nodeId ? (
              // Jumps to the node so its settings (and the field at fault) open.
              <button
                type="button"
                onClick={() => onSelectNode(nodeId)}
                className="text-left underline-offset-2 hover:underline"
              >
                {message}
              </button>
            ) : (
              <span>{message}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
