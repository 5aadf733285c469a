// Re-verification from the request log: a delivery that was rejected (bad signature, stale, not
// published, config error, malformed), filtered, or held (its flow paused) is judged again with the flow's CURRENT
// settings - its current signing secret(s), filters and published version - and, if it passes now,
// runs like a fresh delivery (a queued run of the latest version; held while the flow is paused).
//
// The row keeps its history in place: its verdict and reason become the new ones, and
// priorVerdict/priorReason (the first verdict it had), reverifiedAt and reverifiedBy say what
// changed, when and by whom; the new run points at it, so the log links the run.
//
// What makes it possible: a rejection's body is stored whole when under 4 KB (reject-budget.ts)
// and the raw values of its redacted signature headers are kept sealed (webhooks/seal-verification.ts).
// Signatures are checked at the time the delivery ARRIVED (a Stripe timestamp is judged against
// its arrival, not against now). A filtered delivery passed verification when it arrived: its
// signature header is not kept, so only the current filters are applied to it again.
import type { ReverifyResult } from "@/lib/api/delivery-history-dto";
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { actorLabel, principalInContext } from "@/lib/auth/principal";
import { credentialSecrets } from "@/lib/credentials/credential-secrets";
import { getDb, type Db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { kickRuns } from "@/lib/runs/engine-link";
import { classify, inspect, type Inbound, type Inspection } from "@/lib/webhooks/inspect";
import { forgetEndpoints, loadEndpoint, type EndpointInfo } from "@/lib/webhooks/load-endpoint";
import { REDACTED } from "@/lib/webhooks/redact";
import { openVerificationInputs } from "@/lib/webhooks/seal-verification";

type Delivery = NonNullable<Awaited<ReturnType<Db["delivery"]["findFirst"]>>>;

/** Verdicts a changed setting can turn around. */
export const REVERIFIABLE_VERDICTS = [
  "bad_signature",
  "stale",
  "not_published",
  "config_error",
  "malformed",
  "filtered",
] as const;

export async function reverifyDelivery(workspaceId: string, deliveryId: string): Promise<ReverifyResult> {
  const db = await getDb();
  const d = await db.delivery.findFirst({ where: { id: deliveryId, workspaceId } });
  if (!d) throw notFound("Delivery");
  if (d.kind !== "live") throw new ApiError("conflict", "Only deliveries to the flow's live URL can be re-verified");
  if (d.kind === "live" && d.verdict === "accepted") {
    const held = await db.run.findFirst({ where: { deliveryId: d.id, status: "held" }, select: { id: true } });
    if (held) return runHeld(d, held.id);
  }
  if (!(REVERIFIABLE_VERDICTS as readonly string[]).includes(d.verdict))
    throw new ApiError(
      "conflict",
      `A delivery with the verdict "${d.verdict}" cannot be re-verified (only ${REVERIFIABLE_VERDICTS.join(", ")})`,
    );
  if (d.body.length < d.size)
    throw new ApiError(
      "conflict",
      `The stored body was cut to ${d.body.length >= 4096 ? "4 KB" : `${d.body.length} bytes`} (the request had ${d.size} bytes), ` +
        "so its signature and content cannot be checked again: ask the sender to resend it",
    );
  const ep = await currentEndpoint(d.flowId);

  const headers = JSON.parse(d.headers) as Record<string, string>;
  let query = d.query;
  if (d.sealedVerification) {
    const kept = openVerificationInputs(d.id, d.sealedVerification);
    Object.assign(headers, kept.headers);
    if (kept.query !== null) query = kept.query;
  }
  const inbound: Inbound = { method: d.method, headers, query, body: d.body, truncated: false, sourceIp: d.sourceIp };
  const seen =
    d.verdict === "filtered" && !d.sealedVerification ? reclassify(ep, inbound) : inspect(ep, inbound, +d.receivedAt);
  if ((seen.verdict === "bad_signature" || seen.verdict === "stale") && stillRedacted(ep, headers))
    throw new ApiError(
      "conflict",
      "The signature headers of this delivery were not kept (it arrived before Hookline kept them for re-verification), " +
        "so it cannot be verified again: ask the sender to resend it",
    );

  let verdict: string = seen.verdict;
  let reason = seen.reason ?? null;
  if (verdict === "accepted" && seen.identity) {
    const earlier = await db.dedupeKey.findFirst({
      where: { flowId: d.flowId, key: seen.identity, expiresAt: { gte: new Date() }, deliveryId: { not: d.id } },
      select: { deliveryId: true },
    });
    if (earlier) {
      verdict = "duplicate";
      reason = `Already received as ${earlier.deliveryId} (same delivery id within the dedupe window)`;
    }
  }
  const principal = principalInContext();
  const runId = verdict === "accepted" ? newId("run") : null;
  const now = new Date();
  const claimed = await db
    .$transaction(async (tx) => {
      // The row as it was read, or nothing: two re-verifications at once (a double click, a script)
      // start one run, the other is told.
      const { count } = await tx.delivery.updateMany({
        where: { id: d.id, verdict: d.verdict, reverifiedAt: d.reverifiedAt },
        data: {
          verdict,
          reason,
          identity: seen.identity,
          eventType: seen.eventType,
          priorVerdict: d.priorVerdict ?? d.verdict,
          priorReason: d.priorVerdict ? d.priorReason : d.reason,
          reverifiedAt: now,
          reverifiedBy: principal ? actorLabel(principal) : "system",
          // Accepted now: nothing left to verify, so the sealed signature is not kept any longer.
          ...(runId ? { sealedVerification: null } : {}),
        },
      });
      if (count !== 1) return false;
      if (!runId) return true;
      // Its dedupe key, as ingest writes one: the sender's own retry of this event (Stripe retries
      // for days) is then a duplicate, not a second run. A key taken meanwhile fails the transaction.
      if (seen.identity) {
        await tx.dedupeKey.deleteMany({ where: { flowId: d.flowId, key: seen.identity, expiresAt: { lt: now } } });
        await tx.dedupeKey.create({
          data: {
            flowId: d.flowId,
            key: seen.identity,
            deliveryId: d.id,
            expiresAt: new Date(now.getTime() + ep.trigger.dedupe.windowHours * 3_600_000),
          },
        });
      }
      await tx.run.create({
        data: {
          id: runId,
          workspaceId,
          flowId: d.flowId,
          flowVersionId: ep.version!.id,
          deliveryId: d.id,
          eventType: seen.eventType,
          // A paused flow holds it like any delivery; its resume runs (or discards) it.
          status: ep.paused ? "held" : "queued",
        },
      });
      return true;
    })
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === "P2002")
        throw new ApiError("conflict", "The same delivery id was received again meanwhile: it runs as that delivery");
      throw e;
    });
  if (!claimed) throw new ApiError("conflict", "This delivery was re-verified meanwhile: reload the request log");
  if (runId && !ep.paused) kickRuns();
  return { id: d.id, verdict, reason, priorVerdict: d.priorVerdict ?? d.verdict, runId };
}

/**
 * A delivery held while its flow is paused: its filters are applied again with the flow's current
 * settings (its signature was checked when it arrived) and, if it still passes, this one run is
 * released now on the latest version while the flow stays paused; otherwise the held run is
 * cancelled. Its prior verdict is recorded as "held".
 */
async function runHeld(d: Delivery, runId: string): Promise<ReverifyResult> {
  const db = await getDb();
  const ep = await currentEndpoint(d.flowId);
  const headers = JSON.parse(d.headers) as Record<string, string>;
  const inbound: Inbound = {
    method: d.method,
    headers,
    query: d.query,
    body: d.body,
    truncated: false,
    sourceIp: d.sourceIp,
  };
  const seen = reclassify(ep, inbound);
  const passes = seen.verdict === "accepted";
  const principal = principalInContext();
  const now = new Date();
  await db.$transaction([
    db.delivery.update({
      where: { id: d.id },
      data: {
        verdict: seen.verdict,
        reason: seen.reason ?? null,
        priorVerdict: d.priorVerdict ?? "held",
        priorReason: d.priorVerdict ? d.priorReason : "Held while the flow was paused",
        reverifiedAt: now,
        reverifiedBy: principal ? actorLabel(principal) : "system",
      },
    }),
    db.run.updateMany({
      where: { id: runId, status: "held" },
      data: passes
        ? { status: "queued", flowVersionId: ep.version!.id }
        : { status: "cancelled", error: `Verified again: ${seen.verdict} (${seen.reason ?? ""})`, finishedAt: now },
    }),
  ]);
  if (passes) kickRuns();
  return {
    id: d.id,
    verdict: seen.verdict,
    reason: seen.reason ?? null,
    priorVerdict: d.priorVerdict ?? "held",
    runId: passes ? runId : null,
  };
}

/** The flow's live URL as the ingest path sees it now (read afresh: a secret rotated a moment ago counts). */
async function currentEndpoint(flowId: string): Promise<EndpointInfo> {
  const db = await getDb();
  const live = await db.webhookEndpoint.findFirst({
    where: { flowId, kind: "live", revokedAt: null },
    select: { token: true },
  });
  if (!live) throw new ApiError("conflict", "The flow has no live webhook URL");
  forgetEndpoints();
  const ep = await loadEndpoint(live.token, credentialSecrets);
  if (!ep) throw new ApiError("conflict", "The flow has no live webhook URL");
  if (ep.archived) throw new ApiError("conflict", "This flow is archived; unarchive it to re-verify its deliveries");
  return ep;
}

/** A filtered delivery (verified when it arrived): the checks that precede and follow verification. */
function reclassify(ep: EndpointInfo, req: Inbound): Inspection {
  const none = { identity: null, eventType: null };
  if (ep.configError)
    return {
      verdict: "config_error",
      status: 500,
      reason: `The flow's trigger settings are invalid: ${ep.configError}`,
      ...none,
    };
  if (!ep.version)
    return {
      verdict: "not_published",
      status: 409,
      reason: "This flow is not published yet; publish it to accept deliveries",
      ...none,
    };
  return classify(ep, req);
}

/** A header the flow's verification may read still shows "[redacted]" (its raw value was not kept). */
const stillRedacted = (ep: EndpointInfo, headers: Record<string, string>) =>
  Object.entries(headers).some(([name, value]) => value === REDACTED && name !== "cookie" && ep.headerPolicy.has(name));
