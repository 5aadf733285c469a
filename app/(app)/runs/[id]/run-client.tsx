"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { DeliveryPanel } from "@/components/runs/delivery-panel";
import { DryRunDiff } from "@/components/runs/dry-run-diff";
import { RunActions } from "@/components/runs/run-actions";
import { RunGraph } from "@/components/runs/run-graph";
import { RunOverview } from "@/components/runs/run-overview";
import { RunTimeline } from "@/components/runs/run-timeline";
import { StepList } from "@/components/runs/step-list";
import { LoadError } from "@/components/ui/load-error";
import { linkStyles } from "@/components/ui/styles";
import { isActiveStatus, runQueries } from "@/lib/queries/runs";

export function RunClient({ runId }: { runId: string }) {
  const run = useQuery(runQueries.detail(runId));
  const [now, setNow] = useState(() => Date.now());
  const active = isActiveStatus(run.data?.run.status);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [active]);

  if (run.isPending) return <p className="p-6 text-sm text-slate-500">Loading run…</p>;
  if (run.isError) {
    return (
      <div className="mx-auto max-w-2xl p-6">
        <LoadError what="this run" error={run.error} onRetry={() => void run.refetch()} />
      </div>
    );
  }
  const detail = run.data;
  const r = detail.run;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            {r.dryRun ? "Dry run" : "Run"} <span className="font-mono">{r.id}</span>
          </p>
          <h1 className="text-2xl font-bold tracking-tight">{r.flowName}</h1>
          <p className="mt-1 flex flex-wrap gap-3 text-sm text-slate-600">
            <Link href={`/flows/${r.flowId}/runs`} className={linkStyles}>
              <span aria-hidden>← </span>Back to runs
            </Link>
            {r.replayOfId && (
              <span>
                {r.dryRun ? "Dry run of" : "Replay of"}{" "}
                <Link href={`/runs/${r.replayOfId}`} className={`${linkStyles} font-mono`}>
                  {r.replayOfId}
                </Link>
              </span>
            )}
            {r.retryOfRunId && (
              <span>
                Retry of{" "}
                <Link href={`/runs/${r.retryOfRunId}`} className={`${linkStyles} font-mono`}>
                  {r.retryOfRunId}
                </Link>
              </span>
            )}
          </p>
        </div>
        <RunActions run={r} />
      </div>
      <RunOverview run={r} />
      {r.dryRun && r.replayOfId && <DryRunDiff detail={detail} />}
      <RunGraph detail={detail} />
      <RunTimeline detail={detail} now={now} />
      <StepList detail={detail} />
      <DeliveryPanel delivery={detail.delivery} runId={r.id} />
    </div>
  );
}
