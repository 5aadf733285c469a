"use client";

// One stored request in full: its facts, headers and body (as text, never HTML).
import { useQuery } from "@tanstack/react-query";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { RawRequest } from "@/components/runs/raw-request";
import { LoadError } from "@/components/ui/load-error";

export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const delivery = useQuery(deliveryQueries.detail(deliveryId));

  if (delivery.isPending) return <p className="text-sm text-slate-500">Loading request…</p>;
  if (delivery.isError)
    return <LoadError what="this request" error={delivery.error} onRetry={() => void delivery.refetch()} />;

  const d = delivery.data;
  const facts: [string, string][] = [
    ["Request ID", d.id],
    ["Method", d.method],
    ["Content type", d.contentType ?? "—"],
    ["Size", `${d.size} bytes`],
  ];

  return (
    <div data-testid="delivery-detail" className="flex flex-col gap-4">
      <RawRequest delivery={d} facts={facts} bodyTestId="delivery-detail-body" />
    </div>
  );
}
