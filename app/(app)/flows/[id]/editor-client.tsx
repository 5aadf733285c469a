"use client";

import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import Link from "next/link";
import { FlowEditor } from "@/components/flows/flow-editor";
import { LoadError } from "@/components/ui/load-error";
import { linkStyles } from "@/components/ui/styles";
import { flowQueries } from "@/lib/queries/flows";

export function EditorClient({ flowId }: { flowId: string }) {
  // The editor copies the flow into local state once; later refetches must not reset the user's
  // unsaved work, so nothing here re-renders the editor with new server data.
  const flow = useQuery({ ...flowQueries.detail(flowId), refetchOnWindowFocus: false });

  if (flow.isPending) return <p className="p-6 text-sm text-slate-500">Loading flow…</p>;
  if (flow.isError) {
    return (
      <div className="mx-auto flex max-w-2xl flex-col gap-4 p-6">
        <LoadError what="this flow" error={flow.error} onRetry={() => void flow.refetch()} />
        <Link href="/flows" className={linkStyles}>
          Back to all flows
        </Link>
      </div>
    );
  }
  return (
    // Exactly the viewport under the 3rem nav: the canvas fills it and the page itself never scrolls.
    <div className="h-[calc(100dvh-3rem)]">
      <ReactFlowProvider>
        <FlowEditor key={flow.data.id} flow={flow.data} />
      </ReactFlowProvider>
    </div>
  );
}
