import type { Metadata } from "next";
import { RunClient } from "./run-client";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunClient runId={id} />;
}
