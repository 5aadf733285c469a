// What the flow overview and the editor show of foresight: the open drift warnings (as the
// background pass recorded them, with "since when"), the sender-health forecast computed now (so
// the countdown is current), and the presence of every field per event type for the data picker.
import "server-only";
import type { FlowForesight } from "@/lib/api/foresight-dto";
import { presenceTable } from "./drift";
import { openFindings } from "./findings";
import { healthForecast } from "./health";
import { referencedBodyPaths } from "./references";
import { loadFlow, shapeSamples } from "./evaluate";

export type { FlowForesight };

export async function flowForesight(flowId: string, now = Date.now()): Promise<FlowForesight> {
  const flow = await loadFlow(flowId);
  if (!flow) return { drift: [], health: null, presence: [], referenced: [] };
  const [open, health, samples] = await Promise.all([
    openFindings(flowId),
    healthForecast(flowId, flow.preset, now),
    shapeSamples(flowId),
  ]);
  const drift = open
    .filter((f) => f.kind === "drift")
    .map((f) => {
      const d = JSON.parse(f.detail) as { eventType: string; path: string; change: string };
      return {
        eventType: d.eventType,
        path: d.path,
        change: d.change,
        message: f.message,
        since: f.since.toISOString(),
      };
    });
  const presence = [...samples].map(([eventType, list]) => ({
    eventType,
    of: list.length,
    latestAt: list.at(-1)?.receivedAt.toISOString() ?? null,
    fields: presenceTable(list),
  }));
  return { drift, health, presence, referenced: referencedBodyPaths(flow.def) };
}
