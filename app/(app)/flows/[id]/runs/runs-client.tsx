"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FlowPageHeader } from "@/components/flows/flow-page-header";
import { RunsBrowser } from "@/components/runs/runs-browser";
import { linkStyles } from "@/components/ui/styles";
import { flowQueries } from "@/lib/queries/flows";

export function RunsClient({ flowId }: { flowId: string }) {
  const flow = useQuery(flowQueries.detail(flowId));
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <FlowPageHeader flowId={flowId} title="Runs" sibling={{ label: "Requests", path: "deliveries" }} />
      <Link href={`/flows/${flowId}/overview`} className={`${linkStyles} self-start text-sm`}>
        Overview: runs per day, success rate, sender health
      </Link>
      <RunsBrowser
        flowId={flowId}
        empty={
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="text-lg font-semibold text-slate-900">No runs yet</p>
            <p className="mt-1 text-sm text-slate-600">
              Publish the flow, then send a request to its webhook URL: every request starts a run, and it shows up
              here.
            </p>
            {flow.data?.publishedVersion != null && (
              <code className="mt-3 inline-block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800">
                {flow.data.webhookUrl}
              </code>
            )}
          </div>
        }
      />
    </div>
  );
}
