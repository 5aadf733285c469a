import type { Metadata } from "next";
import { DeliveriesClient } from "./deliveries-client";

export const metadata: Metadata = { title: "Requests" };

export default async function FlowDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeliveriesClient flowId={id} />;
}
