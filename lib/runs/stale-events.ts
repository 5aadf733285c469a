// Runs that processed a stale event: their delivery was stored as stale_event by the stale-event
// guard (lib/webhooks/stale-guard.ts) and ran all the same because the guard flags instead of
// skipping. The verdict is the delivery's; the object it is about is read back from the stored
// body with the guard's object id path of the version that ran (the writer keeps no copy of it),
// and only for those runs, so a list page with none costs nothing more.
import "server-only";
import type { StaleEvent } from "@/lib/api/dto";
import { getDb } from "@/lib/db";
import { parseBody } from "@/lib/deliveries/parse-body";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { staleGuardConfig } from "@/lib/webhooks/stale-guard-config";
import { readJsonPath } from "@/lib/webhooks/verify/json-path";

export const STALE_EVENT_VERDICT = "stale_event";

/**
 * Bodies read back for the object id at most this large: a list polled every few seconds must not
 * parse megabytes a sender chose to send (a larger stale event's badge names no object). An
 * object id sits near the top of the events the guard is for, so real ones are far below this.
 */
export const STALE_BODY_READ_LIMIT = 64 * 1024;

type StaleRunRow = {
  id: string;
  deliveryId: string | null;
  flowVersionId: string | null;
  /** A draft run's snapshot of the definition it ran. */
  definition: string | null;
  delivery?: { verdict: string } | null;
};
type StoredDelivery = { body: Uint8Array; contentType: string | null };

/** The guard's object id path in a stored definition, or null (no webhook trigger, guard off or unreadable). */
export function objectIdPathOf(definition: string | null | undefined): string | null {
  if (!definition) return null;
  try {
    const trigger = parseStoredDefinition(definition).nodes.find((n) => n.type === "webhook");
    const config = trigger?.data.config as { staleGuard?: unknown } | undefined;
    const guard = staleGuardConfig.safeParse(config?.staleGuard);
    return guard.success && guard.data.enabled ? guard.data.objectIdPath : null;
  } catch {
    return null;
  }
}

/** The object a delivery is about, as the guard read it when it arrived; null when it cannot be read now. */
export function staleObjectId(path: string | null, delivery: StoredDelivery | null): string | null {
  if (!path || !delivery) return null;
  const parsed = parseBody(delivery.contentType, delivery.body);
  if (parsed.kind !== "json" && parsed.kind !== "form" && parsed.kind !== "xml") return null;
  const id = readJsonPath(parsed.value, path);
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

/** The stale events among `runs` (each with its delivery's verdict), by run id. */
export async function staleEventsOf(runs: readonly StaleRunRow[]): Promise<Map<string, StaleEvent>> {
  const stale = runs.filter((r) => r.deliveryId && r.delivery?.verdict === STALE_EVENT_VERDICT);
  const out = new Map<string, StaleEvent>();
  if (stale.length === 0) return out;
  const db = await getDb();
  const versionIds = [...new Set(stale.flatMap((r) => (r.flowVersionId ? [r.flowVersionId] : [])))];
  const [deliveries, versions] = await Promise.all([
    db.delivery.findMany({
      where: { id: { in: [...new Set(stale.map((r) => r.deliveryId!))] }, size: { lte: STALE_BODY_READ_LIMIT } },
      select: { id: true, body: true, contentType: true },
    }),
    versionIds.length
      ? db.flowVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, definition: true } })
      : [],
  ]);
  const bodies = new Map(deliveries.map((d) => [d.id, d]));
  const paths = new Map(versions.map((v) => [v.id, objectIdPathOf(v.definition)]));
  for (const r of stale) {
    const path = r.flowVersionId ? (paths.get(r.flowVersionId) ?? null) : objectIdPathOf(r.definition);
    out.set(r.id, { objectId: staleObjectId(path, bodies.get(r.deliveryId!) ?? null) });
  }
  return out;
}
