// Database rows -> API shapes for flows.
import "server-only";
import type { FlowDetail, FlowSummary } from "@/lib/api/dto";
import { parseStoredDefinition } from "./definition";

type FlowRow = {
  id: string;
  name: string;
  paused: boolean;
  archivedAt?: Date | null;
  testRunsDraft: boolean;
  createdAt: Date;
  updatedAt: Date;
  draft: string;
  revision: number;
};
type VersionRow = { number: number; createdAt: Date };

export function flowSummary(flow: FlowRow, versions: VersionRow[]): FlowSummary {
  const latest = versions.reduce<number | null>((m, v) => (m === null || v.number > m ? v.number : m), null);
  return {
    id: flow.id,
    name: flow.name,
    paused: flow.paused,
    archived: Boolean(flow.archivedAt),
    createdAt: flow.createdAt.toISOString(),
    updatedAt: flow.updatedAt.toISOString(),
    publishedVersion: latest,
  };
}

export function flowDetail(
  flow: FlowRow,
  versions: VersionRow[],
  urls: { webhookUrl: string; testWebhookUrl: string },
): FlowDetail {
  return {
    ...flowSummary(flow, versions),
    revision: flow.revision,
    testRunsDraft: flow.testRunsDraft,
    definition: parseStoredDefinition(flow.draft),
    ...urls,
    versions: [...versions]
      .sort((a, b) => b.number - a.number)
      .map((v) => ({ number: v.number, createdAt: v.createdAt.toISOString() })),
  };
}
