"use client";

// One stored request in full: its facts, headers and body. The body is rendered as text in a
// <pre>, never as HTML: it is whatever a stranger sent to a public URL.
import { useQuery } from "@tanstack/react-query";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { HeadersTable } from "@/components/runs/headers-table";
import { CopyButton } from "@/components/ui/copy-button";
import { LoadError } from "@/components/ui/load-error";
import { displayBody } from "./display-body";

export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const delivery = useQuery(deliveryQueries.detail(deliveryId));

  if (delivery.isPending) return <p className="text-sm text-slate-500">Loading request…</p>;
  if (delivery.isError) return <LoadError what="this request" error={delivery.error} onRetry={() => void delivery.refetch()} />;

  const d = delivery.data;
  const body = displayBody(d);
  const facts: [string, string][] = [
    ["Request ID", d.id],
    ["Method", d.method],
    ["Content type", d.contentType ?? "—"],
    ["Size", `${d.size} bytes`],
  ];

  return (
    <div data-testid="delivery-detail" className="flex flex-col gap-4">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-xs font-medium text-slate-500">{term}</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {d.query && <p className="font-mono text-xs break-all text-slate-600">Query: {d.query}</p>}
      <HeadersTable headers={d.headers} />
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-semibold text-slate-700">
            Body{body.note && <span className="ml-2 font-normal text-slate-500">({body.note})</span>}
          </h3>
          <CopyButton text={body.text} label="Copy body" />
        </div>
        <pre
          data-testid="delivery-detail-body"
          className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-slate-100"
        >
          {body.text}
        </pre>
      </div>
    </div>
  );
}
