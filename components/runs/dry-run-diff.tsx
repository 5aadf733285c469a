"use client";

// A dry run next to the run it replays: for each step, what the original received and sent
// versus what the draft would (a side-effecting step's preview is the input it would send).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RunDetail } from "@/lib/api/dto";
import { toPrettyJson } from "@/components/ui/json-view";
import { linkStyles } from "@/components/ui/styles";
import { runQueries } from "@/lib/queries/runs";
import { groupAttempts } from "./step-list";
import { diffLines } from "./text-diff";

export function DryRunDiff({ detail }: { detail: RunDetail }) {
  const originalId = detail.run.replayOfId!;
  const original = useQuery(runQueries.detail(originalId));
  if (original.isPending) return <p className="text-sm text-slate-500">Loading the original run…</p>;
  if (original.isError)
    return <p className="text-sm text-red-700">The original run could not be loaded: {original.error.message}</p>;

  const before = new Map(groupAttempts(original.data.steps).map((g) => [g[0]!.nodeId, g.at(-1)!]));
  const after = new Map(groupAttempts(detail.steps).map((g) => [g[0]!.nodeId, g.at(-1)!]));
  const nodeIds = [...new Set([...before.keys(), ...after.keys()])];
  const sent = (s: { input: unknown; output: unknown } | undefined) =>
    s ? toPrettyJson({ input: s.input, output: s.output }) : "(did not run)";

  return (
    <section
      aria-labelledby="diff-heading"
      className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4 shadow-sm"
      data-testid="dry-run-diff"
    >
      <h2 id="diff-heading" className="text-lg font-semibold">
        Dry run compared with{" "}
        <Link href={`/runs/${originalId}`} className={linkStyles}>
          the original run
        </Link>
      </h2>
      <p className="text-sm text-slate-600">
        Nothing was sent: side-effecting steps show the request they would make. Lines only in the original are red,
        lines only in this dry run green.
      </p>
      {nodeIds.map((id) => {
        const lines = diffLines(sent(before.get(id)), sent(after.get(id)));
        const changed = lines.some((l) => l.kind !== "same");
        return (
          <details
            key={id}
            open={changed}
            className="rounded-md border border-slate-200 bg-white"
            data-testid={`diff-${id}`}
          >
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
              <span className="font-mono">{id}</span> — {changed ? "changed" : "same"}
            </summary>
            <pre className="max-h-96 overflow-auto border-t border-slate-100 p-3 font-mono text-xs leading-relaxed">
              {lines.map((l, i) => (
                <div
                  key={i}
                  className={
                    l.kind === "add"
                      ? "bg-emerald-50 text-emerald-900"
                      : l.kind === "del"
                        ? "bg-red-50 text-red-900"
                        : "text-slate-700"
                  }
                >
                  {l.kind === "add" ? "+ " : l.kind === "del" ? "- " : "  "}
                  {l.text}
                </div>
              ))}
            </pre>
          </details>
        );
      })}
    </section>
  );
}
