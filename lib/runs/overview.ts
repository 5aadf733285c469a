// A flow's overview: runs per day (succeeded / failed) over the last 30 days, success rate,
// p50/p95 duration of the latest finished runs, the last delivery, and a health line per sender
// (what the sender does when we answer with an error, and when we last did).
import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb, usingPostgres } from "@/lib/db";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { ACKNOWLEDGED } from "@/lib/foresight/health";
import { flowForesight } from "@/lib/foresight/read";
import { verificationPresets } from "@/lib/webhooks/verify/presets";
import { idAt } from "./sql";
import type { FlowOverview, SenderHealth } from "@/lib/api/run-history-dto";

export type { FlowOverview, SenderHealth };

export const OVERVIEW_DAYS = 30;
const DURATION_SAMPLE = 1_000;
const DAY = 86_400_000;

// What each sender does when an endpoint answers with an error (from their documentation).
const retryPolicy: Record<string, string> = {
  stripe: "Stripe retries a failed delivery for up to 3 days and may disable an endpoint that keeps failing",
  shopify: "Shopify retries 8 times over 4 hours, then removes the webhook subscription",
  github: "GitHub does not retry a failed delivery (redeliver it by hand)",
  "standard-webhooks": "Svix-style senders retry for about a day and disable an endpoint after 5 days of failures",
};

export async function flowOverview(workspaceId: string, flowId: string, now = Date.now()): Promise<FlowOverview> {
  const db = await getDb();
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: { id: true, draft: true, versions: { orderBy: { number: "desc" }, take: 1, select: { definition: true } } },
  });
  if (!flow) throw notFound("Flow");

  const today = Math.floor(now / DAY) * DAY;
  const starts = Array.from({ length: OVERVIEW_DAYS }, (_, i) => today - (OVERVIEW_DAYS - 1 - i) * DAY);
  const bounds = starts.map((ms) => idAt("run", ms));
  const pg = usingPostgres();
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), pg ? `$${params.length}` : "?");
  const cases = bounds
    .slice(1)
    .map((b, i) => `WHEN "id" < ${p(b)} THEN ${i}`)
    .join(" ");
  const sql = `SELECT CASE ${cases} ELSE ${OVERVIEW_DAYS - 1} END AS d, "status" AS s, COUNT(*) AS n FROM "Run"
    WHERE "flowId" = ${p(flowId)} AND "id" >= ${p(bounds[0])} AND "status" IN ('succeeded', 'failed') GROUP BY 1, 2`;
  const counts = await db.$queryRawUnsafe<{ d: number | bigint; s: string; n: number | bigint }[]>(sql, ...params);
  const days = starts.map((ms) => ({ date: new Date(ms).toISOString().slice(0, 10), succeeded: 0, failed: 0 }));
  for (const c of counts) {
    const day = days[Number(c.d)];
    if (day) day[c.s === "succeeded" ? "succeeded" : "failed"] += Number(c.n);
  }
  const ok = days.reduce((a, d) => a + d.succeeded, 0);
  const bad = days.reduce((a, d) => a + d.failed, 0);

  const finished = await db.run.findMany({
    where: { flowId, status: { in: ["succeeded", "failed"] }, finishedAt: { not: null } },
    orderBy: { id: "desc" },
    take: DURATION_SAMPLE,
    select: { createdAt: true, startedAt: true, finishedAt: true },
  });
  const durations = finished
    .map((r) => r.finishedAt!.getTime() - (r.startedAt ?? r.createdAt).getTime())
    .sort((a, b) => a - b);

  // Deliveries by id (time-sortable, made when received): the request log's index (flowId, kind, id).
  const last = await db.delivery.findFirst({
    where: { flowId, kind: "live" },
    orderBy: { id: "desc" },
    select: { id: true, receivedAt: true, verdict: true },
  });

  const dayAgo = now - DAY;
  const [lastRejected, rejected24h, failedRuns24h] = await Promise.all([
    db.delivery.findFirst({
      where: { flowId, kind: "live", verdict: { notIn: ACKNOWLEDGED }, id: { gte: idAt("dlv", now - 7 * DAY) } },
      orderBy: { id: "desc" },
      select: { receivedAt: true, verdict: true },
    }),
    db.delivery.count({
      where: { flowId, kind: "live", verdict: { notIn: ACKNOWLEDGED }, id: { gte: idAt("dlv", dayAgo) } },
    }),
    db.run.count({ where: { flowId, status: "failed", id: { gte: idAt("run", now - DAY) } } }),
  ]);
  const preset = senderPreset(flow.versions[0]?.definition ?? flow.draft);
  const sender =
    preset in verificationPresets && preset !== "none"
      ? verificationPresets[preset as keyof typeof verificationPresets].label
      : "Any sender";
  const policy = retryPolicy[preset] ?? "Retries depend on the sender";
  const lastIsError = Boolean(lastRejected && last && lastRejected.receivedAt.getTime() >= last.receivedAt.getTime());
  const parts = [policy];
  parts.push(
    lastRejected
      ? `last rejected request ${ago(now - lastRejected.receivedAt.getTime())} (${lastRejected.verdict})`
      : "no rejected request in 7 days",
  );
  if (failedRuns24h) parts.push(`${failedRuns24h} failed run${failedRuns24h === 1 ? "" : "s"} in 24 h`);
  // A run of rejections read against the sender's delivery policy leads the line (lib/foresight).
  const foresight = await flowForesight(flowId, now);
  const forecast = foresight.health;
  if (forecast) parts.unshift(forecast.message);

  return {
    days,
    successRate: ok + bad ? ok / (ok + bad) : null,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    durationSample: durations.length,
    lastDelivery: last ? { id: last.id, receivedAt: last.receivedAt.toISOString(), verdict: last.verdict } : null,
    senders: [
      {
        sender,
        state: lastIsError || forecast ? "failing" : rejected24h || failedRuns24h ? "warning" : "ok",
        line: `${parts.join("; ")}.`,
        lastRejectedAt: lastRejected?.receivedAt.toISOString() ?? null,
        rejected24h,
        failedRuns24h,
        forecast,
      },
    ],
    foresight,
  };
}

function senderPreset(definition: string): string {
  try {
    const def = parseStoredDefinition(definition);
    const trigger = def.nodes.find((n) => n.type === "webhook");
    const v = (trigger?.data.config as { verification?: { preset?: unknown } } | undefined)?.verification;
    return typeof v?.preset === "string" ? v.preset : "none";
  } catch {
    return "none";
  }
}

export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function ago(ms: number): string {
  if (ms < 60_000) return "just now";
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < DAY) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / DAY)} d ago`;
}
