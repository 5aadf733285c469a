import type { Metadata } from "next";
import { EditorClient } from "./editor-client";

export const metadata: Metadata = { title: "Edit flow" };

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditorClient flowId={id} />;
}
