// "Run now": a run started by a member or an API key with a JSON payload of their choosing, or the
// body of one of the flow's past deliveries. It takes the same durable path as a webhook delivery:
// a stored Delivery (kind "manual", verdict accepted, `startedBy` = who started it; its body is the
// trigger's body) and a queued Run that the dispatcher hands to the executor. It runs the latest
// published version, or the current draft when asked explicitly (a draft run, as the test URL's
// "also run the draft" makes: the run carries a snapshot of the draft). Not rate-limited,
// deduplicated or verified: the caller is an editor of the workspace, not a sender.
import "server-only";
import { z } from "zod";
import { ApiError, notFound } from "@/lib/api/errors";
import { actorLabel, principalInContext } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { kickRuns } from "@/lib/runs/engine-link";

/** The largest payload a manual run takes (the webhook trigger's default body limit). */
export const MANUAL_PAYLOAD_MAX_BYTES = 1024 * 1024;

export const manualRunBody = z
  .object({
    /** The trigger's body (any JSON value). */
    payload: z.unknown().optional(),
    /** Or: the body of this past delivery of the flow. */
    deliveryId: z.string().min(1).max(64).optional(),
    /** "published" (default): the latest published version; "draft": the current draft. */
    version: z.enum(["published", "draft"]).default("published"),
  })
  .refine((b) => (b.payload === undefined) !== (b.deliveryId === undefined), {
    message: "Send either payload (a JSON value) or deliveryId (a past delivery of this flow), not both",
    path: ["payload"],
  })
  .refine((b) => b.payload === undefined || Buffer.byteLength(JSON.stringify(b.payload)) <= MANUAL_PAYLOAD_MAX_BYTES, {
    message: `The payload is larger than ${MANUAL_PAYLOAD_MAX_BYTES / 1024} KB`,
    path: ["payload"],
  });
export type ManualRunInput = z.output<typeof manualRunBody>;

export async function startManualRun(
  workspaceId: string,
  flowId: string,
  input: ManualRunInput,
): Promise<{ runId: string; deliveryId: string; version: number | "draft" }> {
  const db = await getDb();
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: {
      draft: true,
      archivedAt: true,
      endpoints: { where: { kind: "live", revokedAt: null }, select: { id: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true } },
    },
  });
  if (!flow) throw notFound("Flow");
  if (flow.archivedAt) throw new ApiError("conflict", "This flow is archived; unarchive it to run it");
  const endpoint = flow.endpoints[0];
  if (!endpoint) throw new Error(`flow ${flowId} lacks a live endpoint`);
  const latest = flow.versions[0];
  if (input.version === "published" && !latest)
    throw new ApiError("conflict", "This flow is not published yet; publish it, or run the draft (version: draft)");

  const body = await payloadOf(flowId, input);
  const principal = principalInContext();
  const deliveryId = newId("dlv");
  const runId = newId("run");
  const now = new Date();
  await db.$transaction([
    db.delivery.create({
      data: {
        id: deliveryId,
        workspaceId,
        flowId,
        endpointId: endpoint.id,
        kind: "manual",
        method: "POST",
        headers: JSON.stringify({ "content-type": body.contentType ?? "application/octet-stream" }),
        body: body.bytes,
        contentType: body.contentType,
        receivedAt: now,
        verdict: "accepted",
        size: body.bytes.length,
        startedBy: principal ? actorLabel(principal) : "system",
      },
    }),
    db.run.create({
      data: {
        id: runId,
        workspaceId,
        flowId,
        flowVersionId: input.version === "draft" ? null : latest!.id,
        definition: input.version === "draft" ? flow.draft : null,
        deliveryId,
        status: "queued",
        createdAt: now,
      },
    }),
  ]);
  kickRuns();
  return { runId, deliveryId, version: input.version === "draft" ? "draft" : latest!.number };
}

async function payloadOf(
  flowId: string,
  input: ManualRunInput,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string | null }> {
  if (input.deliveryId === undefined)
    return {
      bytes: new Uint8Array(Buffer.from(JSON.stringify(input.payload ?? null))),
      contentType: "application/json",
    };
  const db = await getDb();
  const past = await db.delivery.findFirst({
    where: { id: input.deliveryId, flowId },
    select: { body: true, size: true, contentType: true },
  });
  if (!past) throw notFound("Delivery");
  if (past.body.length < past.size)
    throw new ApiError(
      "conflict",
      `The stored body of this delivery was cut to its first ${past.body.length} bytes (it was ${past.size}); it cannot be used as a payload`,
    );
  return { bytes: new Uint8Array(past.body), contentType: past.contentType };
}
