"use client";

// One stored request in full: its facts, headers and body (as text, never HTML); who started it
// (Run now), its re-verification, the runs it started, and "Verify again" for a rejected or
// filtered request (judged with the flow's current secret and filters; it runs if it passes now).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { RawRequest } from "@/components/runs/raw-request";
import { formatTime } from "@/components/ui/format";
import { LoadError } from "@/components/ui/load-error";
import { buttonStyles, linkStyles } from "@/components/ui/styles";
import type { DeliveryHistory } from "@/lib/api/delivery-history-dto";
import { deliveryQueries } from "@/lib/queries/deliveries";
import { reverifyDelivery } from "@/lib/queries/flow-lifecycle";

export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const delivery = useQuery(deliveryQueries.detail(deliveryId));
  const queryClient = useQueryClient();
  const reverify = useMutation({
    mutationFn: () => reverifyDelivery(deliveryId),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: deliveryQueries.detail(deliveryId).queryKey }),
  });

  if (delivery.isPending) return <p className="text-sm text-slate-500">Loading request…</p>;
  if (delivery.isError)
    return <LoadError what="this request" error={delivery.error} onRetry={() => void delivery.refetch()} />;

  const d = delivery.data;
  const history = (d as { history?: DeliveryHistory }).history;
  const facts: [string, string][] = [
    ["Request ID", d.id],
    ["Method", d.method],
    ["Content type", d.contentType ?? "—"],
    ["Size", `${d.size} bytes`],
  ];
  if (history?.kind === "manual") facts.push(["Started", `manually by ${history.startedBy ?? "someone"}`]);
  if (history?.reverifiedAt)
    facts.push([
      "Verified again",
      `${formatTime(history.reverifiedAt)} by ${history.reverifiedBy ?? "someone"}: was ${history.priorVerdict}${
        history.priorReason ? ` (${history.priorReason})` : ""
      }, now ${d.verdict}`,
    ]);

  return (
    <div data-testid="delivery-detail" className="flex flex-col gap-4">
      {history && (history.reverifiable || history.runIds.length > 0) && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {history.reverifiable && (
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={reverify.isPending}
              onClick={() => reverify.mutate()}
              title="Judge this request again with the flow's current secret and filters; it runs if it passes now"
            >
              {reverify.isPending ? "Verifying…" : "Verify again and run"}
            </button>
          )}
          {history.runIds.map((id) => (
            <Link key={id} href={`/runs/${id}`} className={linkStyles} data-testid="delivery-run-link">
              Run {id}
            </Link>
          ))}
          {reverify.error && (
            <span role="alert" className="text-red-700">
              {reverify.error.message}
            </span>
          )}
          {reverify.data && (
            <span role="status" data-testid="reverify-result">
              Verified again: {reverify.data.verdict}
              {reverify.data.reason ? ` (${reverify.data.reason})` : ""}
            </span>
          )}
        </div>
      )}
      <RawRequest delivery={d} facts={facts} bodyTestId="delivery-detail-body" />
    </div>
  );
}
