// Sender-aware health: the current run of rejected deliveries of a flow (live requests answered
// with an error since the last one the sender saw as a success) read against the sender's
// documented delivery policy (the preset's deliveryPolicy): "Shopify will remove this webhook in
// about 2 h: 14 deliveries rejected since 10:02 (bad signature)". Read from the request log.
import "server-only";
import type { HealthForecastDto } from "@/lib/api/foresight-dto";
import { getDb } from "@/lib/db";
import { idAt } from "@/lib/runs/sql";
import { verificationPresets } from "@/lib/webhooks/verify/presets";

/** Verdicts the sender sees as a success (2xx answers; stale_event: an out-of-order event the stale-event
 * guard skipped, answered 200); every other verdict is an error to it. */
export const ACKNOWLEDGED = ["accepted", "duplicate", "filtered", "sample", "stale_event"];
/** A run of rejections shorter than this is noise (a stray request to the URL), not a condition. */
export const MIN_REJECTIONS = 3;
/** Rejections older than this are not counted (no sender retries for longer). */
const LOOKBACK_MS = 7 * 86_400_000;

export type DeliveryPolicy = {
  attempts?: number;
  windowSeconds: number;
  endAction: "disables" | "removes" | "stops" | "none";
  source: string;
};

export type HealthForecast = HealthForecastDto;

/** The preset's delivery policy, read defensively (generic presets have none). */
export function policyOf(preset: string): { label: string; policy: DeliveryPolicy | null } {
  const info = (verificationPresets as Record<string, { label: string; deliveryPolicy?: DeliveryPolicy }>)[preset];
  if (!info || preset === "none") return { label: "The sender", policy: null };
  // "Shopify (app)" → "Shopify": the sentence names the sender, not the preset variant.
  return { label: info.label.replace(/\s*\([^)]*\)$/, ""), policy: info.deliveryPolicy ?? null };
}

export async function healthForecast(flowId: string, preset: string, now = Date.now()): Promise<HealthForecast | null> {
  const db = await getDb();
  const floor = idAt("dlv", now - LOOKBACK_MS);
  const lastOk = await db.delivery.findFirst({
    where: { flowId, kind: "live", verdict: { in: ACKNOWLEDGED }, id: { gte: floor } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  const where = {
    flowId,
    kind: "live",
    verdict: { notIn: ACKNOWLEDGED },
    id: { gt: lastOk?.id ?? floor },
  };
  const groups = await db.delivery.groupBy({ by: ["verdict"], where, _count: { _all: true } });
  const rejected = groups.reduce((a, g) => a + g._count._all, 0);
  if (rejected < MIN_REJECTIONS) return null;
  const first = await db.delivery.findFirst({ where, orderBy: { id: "asc" }, select: { receivedAt: true } });
  if (!first) return null;
  const reasons = Object.fromEntries(groups.map((g) => [g.verdict, g._count._all]));
  return forecast(preset, { rejected, since: first.receivedAt, reasons }, now);
}

export function forecast(
  preset: string,
  run: { rejected: number; since: Date; reasons: Record<string, number> },
  now: number,
): HealthForecast {
  const { label, policy } = policyOf(preset);
  const acts = policy && policy.endAction !== "none" && policy.windowSeconds > 0;
  const deadline = acts ? run.since.getTime() + policy.windowSeconds * 1000 : null;
  const why = Object.entries(run.reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => (Object.keys(run.reasons).length > 1 ? `${n} ${v.replaceAll("_", " ")}` : v.replaceAll("_", " ")))
    .join(", ");
  const facts = `${run.rejected} deliveries rejected since ${clock(run.since)} (${why})`;
  let message: string;
  if (deadline === null || !policy) {
    message =
      policy?.endAction === "none"
        ? `${label} does not retry: ${facts}; redeliver them once fixed`
        : `${label} is being refused: ${facts}`;
  } else {
    const what = ACTION[policy.endAction as keyof typeof ACTION];
    message =
      deadline > now
        ? `${label} will ${what.future} in about ${span(deadline - now)}: ${facts}`
        : `${label} may already have ${what.past}: ${facts}`;
  }
  return {
    sender: label,
    rejected: run.rejected,
    since: run.since.toISOString(),
    reasons: run.reasons,
    deadline: deadline === null ? null : new Date(deadline).toISOString(),
    endAction: policy?.endAction ?? null,
    message,
  };
}

const ACTION = {
  removes: { future: "remove this webhook", past: "removed this webhook" },
  disables: { future: "disable this endpoint", past: "disabled this endpoint" },
  stops: { future: "stop retrying these deliveries", past: "stopped retrying these deliveries" },
};

const clock = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/** "about 2 h", "about 35 min", "about 3 days" */
export function span(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 90) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
