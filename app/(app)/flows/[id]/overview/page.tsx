import type { Metadata } from "next";
import { OverviewClient } from "./overview-client";

export const metadata: Metadata = { title: "Flow overview" };

export default async function FlowOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OverviewClient flowId={id} />;
}
