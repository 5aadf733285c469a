"use client";

import { RunsBrowser } from "@/components/runs/runs-browser";
import { RetentionSetting } from "@/components/runs/retention-setting";

export function AllRunsClient() {
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Runs</h1>
          <p className="mt-1 text-sm text-slate-600">Every flow&apos;s runs, newest first.</p>
        </div>
        <RetentionSetting />
      </div>
      <RunsBrowser
        flowId={null}
        empty={
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="text-lg font-semibold text-slate-900">No runs yet</p>
            <p className="mt-1 text-sm text-slate-600">Publish a flow and send a request to its webhook URL.</p>
          </div>
        }
      />
    </div>
  );
}
