// A stored request as sent: facts, query, headers and the body. The body is shown as text in a
// <pre>: it is whatever a stranger sent to a public URL, so it is never interpreted as HTML.
import type { DeliveryView } from "@/lib/api/dto";
import { CopyButton } from "@/components/ui/copy-button";
import { displayBody } from "./display-body";
import { HeadersTable } from "./headers-table";

type Props = { delivery: DeliveryView; facts: [string, string][]; bodyTestId: string };

export function RawRequest({ delivery, facts, bodyTestId }: Props) {
  const body = displayBody(delivery);
  return (
    <>
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
        <pre
          data-testid={bodyTestId}
          className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-slate-100"
        >
          {body.text}
        </pre>
      </div>
    </>
  );
}
