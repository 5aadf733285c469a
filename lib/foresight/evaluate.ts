// One flow's foresight: drift of the fields it references (per event type, from the shape sample)
// and the sender-health forecast (from the request log), recorded as open conditions; then the
// alerts: each new or still-open condition at most once an hour, a recovery message when an
// alerted sender-health condition ends, or, with settings.alertDigest, one digest a day.
import "server-only";
import { getDb } from "@/lib/db";
import { parseStoredDefinition, type FlowDefinition } from "@/lib/flows/definition";
import { driftMessage, driftOf, type Drift, type ShapeSample } from "./drift";
import { claimAlert, claimDigest, openFindings, recordConditions, type Condition } from "./findings";
import { healthForecast } from "./health";
import { referencedBodyPaths } from "./references";
import { sendForesightAlert } from "./send-alert";
import type { Shape } from "./shape";

/** Event types of a flow sampled and looked at (the most recent ones; job.ts trims the others). */
export const MAX_EVENT_TYPES = 20;

export type FlowForesightSource = {
  id: string;
  workspaceId: string;
  name: string;
  def: FlowDefinition;
  preset: string;
};

/** The flow's live definition (the latest published version; the draft before any publish). */
export async function loadFlow(flowId: string): Promise<FlowForesightSource | null> {
  const db = await getDb();
  const flow = await db.flow.findUnique({
    where: { id: flowId },
    select: {
      id: true,
      workspaceId: true,
      name: true,
      draft: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { definition: true } },
    },
  });
  if (!flow) return null;
  let def: FlowDefinition;
  try {
    def = parseStoredDefinition(flow.versions[0]?.definition ?? flow.draft);
  } catch {
    return null;
  }
  const trigger = def.nodes.find((n) => n.type === "webhook");
  const v = (trigger?.data.config as { verification?: { preset?: unknown } } | undefined)?.verification;
  return {
    id: flow.id,
    workspaceId: flow.workspaceId,
    name: flow.name,
    def,
    preset: typeof v?.preset === "string" ? v.preset : "none",
  };
}

/** The shape samples of a flow by event type, oldest first. */
export async function shapeSamples(flowId: string): Promise<Map<string, ShapeSample[]>> {
  const db = await getDb();
  const types = await db.payloadShapeSample.groupBy({
    by: ["eventType"],
    where: { flowId },
    _max: { deliveryId: true },
    orderBy: { _max: { deliveryId: "desc" } },
    take: MAX_EVENT_TYPES,
  });
  const out = new Map<string, ShapeSample[]>();
  for (const t of types) {
    const rows = await db.payloadShapeSample.findMany({
      where: { flowId, eventType: t.eventType },
      orderBy: { deliveryId: "asc" },
      select: { receivedAt: true, paths: true },
    });
    out.set(
      t.eventType,
      rows.map((r) => ({ receivedAt: r.receivedAt, shape: JSON.parse(r.paths) as Shape })),
    );
  }
  return out;
}

export async function driftOfFlow(flow: FlowForesightSource): Promise<Drift[]> {
  const referenced = referencedBodyPaths(flow.def);
  if (referenced.length === 0) return [];
  const found: Drift[] = [];
  for (const [eventType, samples] of await shapeSamples(flow.id))
    found.push(...driftOf(eventType, samples, referenced));
  return found;
}

export const driftKey = (d: Drift) => `drift:${d.eventType}:${d.path}:${d.change}`;
export const HEALTH_KEY = "health";

export async function evaluateFlow(flowId: string, now: Date) {
  const flow = await loadFlow(flowId);
  if (!flow) return;
  const conditions: Condition[] = (await driftOfFlow(flow)).map((d) => ({
    key: driftKey(d),
    kind: "drift",
    message: driftMessage(d),
    since: d.since,
    detail: d,
  }));
  const health = await healthForecast(flow.id, flow.preset, now.getTime());
  if (health) {
    conditions.push({
      key: HEALTH_KEY,
      kind: "health",
      message: health.message,
      since: new Date(health.since),
      detail: health,
    });
  }
  const closed = await recordConditions(flow.id, conditions, now);

  if (flow.def.settings?.alertDigest) {
    await sendDigest(flow, now);
    return;
  }
  for (const c of conditions) {
    if (!(await claimAlert(flow.id, c.key, now))) continue;
    await sendForesightAlert(
      flow,
      {
        kind: c.kind,
        subject: c.kind === "health" ? `Sender health of “${flow.name}”` : `Payload change in “${flow.name}”`,
        message: c.message,
      },
      c.key,
    );
  }
  for (const c of closed) {
    if (c.kind !== "health" || !c.alerted) continue;
    await sendForesightAlert(
      flow,
      {
        kind: "recovery",
        subject: `Recovered: “${flow.name}”`,
        message: "deliveries are accepted again; the sender's rejections have stopped",
      },
      `${c.key}:recovery`,
    );
  }
}

/** With settings.alertDigest: the open conditions and the ones that ended in the last day, once a day. */
async function sendDigest(flow: FlowForesightSource, now: Date) {
  const db = await getDb();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [open, ended] = await Promise.all([
    openFindings(flow.id),
    db.foresightFinding.findMany({ where: { flowId: flow.id, resolvedAt: { gte: dayAgo } } }),
  ]);
  if (open.length === 0 && ended.length === 0) return;
  if (!(await claimDigest(flow.id, now))) return;
  const lines = [
    ...open.map((f) => f.message),
    ...ended.map((f) => `resolved ${f.resolvedAt!.toISOString().slice(0, 16).replace("T", " ")} UTC: ${f.message}`),
  ];
  await sendForesightAlert(
    flow,
    {
      kind: "digest",
      subject: `Daily foresight digest of “${flow.name}”`,
      message: `${open.length} open, ${ended.length} resolved in 24 h: ${lines.join("; ")}`,
    },
    "digest",
  );
}
