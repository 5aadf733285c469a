import type { Metadata } from "next";
import { AllRunsClient } from "./all-runs-client";

export const metadata: Metadata = { title: "Runs" };

export default function AllRunsPage() {
  return <AllRunsClient />;
}
