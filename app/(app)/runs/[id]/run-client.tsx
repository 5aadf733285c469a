"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DeliveryPanel } from "@/components/runs/delivery-panel";
import { RunOverview } from "@/components/runs/run-overview";
import { StepList } from "@/components/runs/step-list";
import { LoadError } from "@/components/ui/load-error";
import { linkStyles } from "@/components/ui/styles";
import { runQueries } from "@/lib/queries/runs";

export function RunClient({ runId }: { runId: string }) {
  const run = useQuery(runQueries.detail(runId));

  if (run.isPending) return <p className="p-6 text-sm text-slate-500">Loading run…</p>;
  if (run.isError) {
    return (
      <div className="mx-auto max-w-2xl p-6">
        <LoadError what="this run" error={run.error} onRetry={() => void run.refetch()} />
      </div>
    );
  }
  const detail = run.data;
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            Run <span className="font-mono">{detail.run.id}</span>
          </p>
          <h1 className="text-2xl font-bold tracking-tight">{detail.run.flowName}</h1>
        </div>
        <Link href={`/flows/${detail.run.flowId}/runs`} className={linkStyles}>
          <span aria-hidden>← </span>Back to runs
        </Link>
      </div>
      <RunOverview run={detail.run} />
      <StepList detail={detail} />
      <DeliveryPanel delivery={detail.delivery} />
    </div>
  );
}
