import type { Metadata } from "next";
import { RunsClient } from "./runs-client";

export const metadata: Metadata = { title: "Runs" };

export default async function FlowRunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunsClient flowId={id} />;
}
