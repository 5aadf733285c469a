"use client";

// What canvas nodes and the config panel need from the editor but must not store in node data
// (node data is saved as the definition): live graph issues, the published webhook URL, the last
// run's status per node, and a few editor actions nodes and edges call.
import { createContext, useContext } from "react";
import type { GraphIssue } from "@/lib/flows/check-graph";

export type NodeRunStatus = { status: string; durationMs: number | null; error?: string | undefined };

export type EditorInfo = {
  issuesByNode: ReadonlyMap<string, GraphIssue[]>;
  /** Set once the flow has a published version. */
  webhookUrl: string | null;
  /** The latest run (or step test) of each node. */
  runByNode: ReadonlyMap<string, NodeRunStatus>;
  renameNode: (id: string, label: string) => void;
  /** Opens the "insert a node here" menu of an edge. */
  insertOnEdge: (edgeId: string, type: string) => void;
};

export const EditorContext = createContext<EditorInfo>({
  issuesByNode: new Map(),
  webhookUrl: null,
  runByNode: new Map(),
  renameNode: () => {},
  insertOnEdge: () => {},
});

export const useEditorInfo = () => useContext(EditorContext);

const none: GraphIssue[] = [];
export const useNodeIssues = (nodeId: string) => useContext(EditorContext).issuesByNode.get(nodeId) ?? none;
export const useNodeRun = (nodeId: string) => useContext(EditorContext).runByNode.get(nodeId);

export function groupIssuesByNode(issues: GraphIssue[]): Map<string, GraphIssue[]> {
  const byNode = new Map<string, GraphIssue[]>();
  for (const issue of issues) {
    if (issue.nodeId) byNode.set(issue.nodeId, [...(byNode.get(issue.nodeId) ?? []), issue]);
  }
  return byNode;
}
