// The raw request that started the run. The body is shown as text in a <pre>: it is whatever a
// stranger sent to a public URL, so it is never interpreted as HTML.
import type { DeliveryView } from "@/lib/api/dto";
import { CopyButton } from "@/components/ui/copy-button";
import { formatTime } from "@/components/ui/format";
import { HeadersTable } from "./headers-table";

export function DeliveryPanel({ delivery }: { delivery: DeliveryView | null }) {
  if (!delivery) {
    return (
      <section data-testid="delivery" className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 shadow-sm">
        This run was not started by a stored request.
      </section>
    );
  }
  const body = displayBody(delivery);
  const facts: [string, string][] = [
    ["Method", delivery.method],
    ["Received", formatTime(delivery.receivedAt)],
    ["Source IP", delivery.sourceIp ?? "unknown"],
    ["Verdict", delivery.reason ? `${delivery.verdict} (${delivery.reason})` : delivery.verdict],
    ["Content type", delivery.contentType ?? "—"],
    ["Size", `${delivery.size} bytes`],
  ];

  return (
    <section data-testid="delivery" aria-labelledby="delivery-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="delivery-heading" className="text-lg font-semibold">
        Incoming request
      </h2>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-xs font-medium text-slate-500">{term}</dt>
            <dd className="break-all text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {delivery.query && <p className="font-mono text-xs break-all text-slate-600">Query: {delivery.query}</p>}
      <HeadersTable headers={delivery.headers} />
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-semibold text-slate-700">
            Body{body.note && <span className="ml-2 font-normal text-slate-500">({body.note})</span>}
          </h3>
          <CopyButton text={body.text} label="Copy body" />
        </div>
        <pre data-testid="delivery-body" className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-slate-100">
          {body.text}
        </pre>
      </div>
    </section>
  );
}

function displayBody(delivery: DeliveryView): { text: string; note: string | null } {
  if (delivery.bodyEncoding === "base64") return { text: delivery.body, note: "binary, shown as base64" };
  if (delivery.body === "") return { text: "", note: "empty" };
  try {
    return { text: JSON.stringify(JSON.parse(delivery.body), null, 2), note: "JSON, formatted" };
  } catch {
    return { text: delivery.body, note: null };
  }
}
