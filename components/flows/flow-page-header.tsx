"use client";

// The header of a flow's sub-pages (Runs, Requests): the title, the flow's name, and links back to
// the editor and across to the sibling page.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { linkStyles } from "@/components/ui/styles";
import { flowQueries } from "@/lib/queries/flows";

export function FlowPageHeader({
  flowId,
  title,
  sibling,
}: {
  flowId: string;
  title: string;
  sibling: { label: string; path: string };
}) {
  const flow = useQuery(flowQueries.detail(flowId));
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        <p className="mt-1 text-sm text-slate-600">{flow.data?.name ?? " "}</p>
      </div>
      <div className="flex items-center gap-4">
        <Link href={`/flows/${flowId}`} className={linkStyles}>
          <span aria-hidden>← </span>Back to editor
        </Link>
        <Link href={`/flows/${flowId}/${sibling.path}`} className={linkStyles}>
          {sibling.label}
        </Link>
      </div>
    </div>
  );
}
