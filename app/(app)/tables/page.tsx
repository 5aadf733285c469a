import type { Metadata } from "next";
import { TablesClient } from "./tables-client";

export const metadata: Metadata = { title: "Data tables" };

export default function TablesPage() {
  return <TablesClient />;
}
