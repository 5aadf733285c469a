import type { Metadata } from "next";
import { TableClient } from "./table-client";

export const metadata: Metadata = { title: "Data table" };

export default async function TablePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TableClient tableId={id} />;
}
