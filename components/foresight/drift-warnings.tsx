// Drift warnings of a flow: a referenced payload field that went missing, changed type or
// appeared, with its event type and since when (lib/foresight/drift.ts).
import { formatTime } from "@/components/ui/format";
import type { DriftWarning } from "@/lib/api/foresight-dto";

const CHANGE = { missing: "missing", retyped: "type changed", added: "new" } as Record<string, string>;

export function DriftWarnings({ drift }: { drift: DriftWarning[] }) {
  if (drift.length === 0) return null;
  return (
    <section
      aria-label="Payload drift"
      data-testid="drift-warnings"
      className="flex flex-col gap-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      <h2 className="font-semibold">Payload changes in fields this flow uses</h2>
      <ul className="flex flex-col gap-0.5">
        {drift.map((d) => (
          <li key={`${d.eventType}:${d.path}:${d.change}`} data-testid="drift-warning">
            <span className="font-mono">trigger.body.{d.path}</span> ({CHANGE[d.change] ?? d.change})
            {d.eventType ? (
              <>
                {" "}
                in <span className="font-mono">{d.eventType}</span>
              </>
            ) : null}{" "}
            since {formatTime(d.since)}
          </li>
        ))}
      </ul>
    </section>
  );
}
