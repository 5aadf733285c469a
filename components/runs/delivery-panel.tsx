// The raw request that started the run.
import type { DeliveryView } from "@/lib/api/dto";
import { formatTime } from "@/components/ui/format";
import { RawRequest } from "./raw-request";

export function DeliveryPanel({ delivery, runId }: { delivery: DeliveryView | null; runId?: string }) {
  if (!delivery) {
    return (
      <section
        data-testid="delivery"
        className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 shadow-sm"
      >
        This run was not started by a stored request.
      </section>
    );
  }
  const facts: [string, string][] = [
    ["Method", delivery.method],
    ["Received", formatTime(delivery.receivedAt)],
    ["Source IP", delivery.sourceIp ?? "unknown"],
    ["Verdict", delivery.reason ? `${delivery.verdict} (${delivery.reason})` : delivery.verdict],
    ["Content type", delivery.contentType ?? "—"],
    ["Size", `${delivery.size} bytes`],
  ];
  // "Run now": no sender, a member (or API key) started it.
  if (delivery.startedBy) facts.unshift(["Started", `manually (Run now) by ${delivery.startedBy}`]);

  return (
    <section
      data-testid="delivery"
      aria-labelledby="delivery-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="delivery-heading" className="text-lg font-semibold">
        Incoming request
      </h2>
      {delivery.truncated && (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="delivery-truncated"
        >
          The body is {delivery.size.toLocaleString()} bytes; the first {delivery.body.length.toLocaleString()}{" "}
          characters are shown.{" "}
          {runId && (
            <a
              href={`/api/runs/${encodeURIComponent(runId)}/delivery-body`}
              download
              className="font-medium text-indigo-700 underline"
            >
              Download the whole body
            </a>
          )}
        </p>
      )}
      <RawRequest delivery={delivery} facts={facts} bodyTestId="delivery-body" />
    </section>
  );
}
