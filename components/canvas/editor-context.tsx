"use client";

// What canvas nodes and the config panel need from the editor but must not store in node data
// (node data is saved as the definition): live graph issues and the published webhook URL.
import { createContext, useContext } from "react";
import type { GraphIssue } from "@/lib/flows/check-graph";

export type EditorInfo = {
  issuesByNode: ReadonlyMap<string, GraphIssue[]>;
  /** Set once the flow has a published version. */
  webhookUrl: string | null;
};

export const EditorContext = createContext<EditorInfo>({ issuesByNode: new Map(), webhookUrl: null });

export const useEditorInfo = () => useContext(EditorContext);

const none: GraphIssue[] = [];
export const useNodeIssues = (nodeId: string) => useContext(EditorContext).issuesByNode.get(nodeId) ?? none;

export function groupIssuesByNode(issues: GraphIssue[]): Map<string, GraphIssue[]> {
  const byNode = new Map<string, GraphIssue[]>();
  for (const issue of issues) {
    if (issue.nodeId) byNode.set(issue.nodeId, [...(byNode.get(issue.nodeId) ?? []), issue]);
  }
  return byNode;
}
