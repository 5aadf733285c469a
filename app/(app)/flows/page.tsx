import type { Metadata } from "next";
import { FlowsClient } from "./flows-client";

export const metadata: Metadata = { title: "Flows" };

export default function FlowsPage() {
  return <FlowsClient />;
}
