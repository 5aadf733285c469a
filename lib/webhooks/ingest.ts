// The inbound webhook path: find the endpoint, store the delivery and its queued run in ONE
// transaction (SQLite WAL + synchronous=FULL: fsynced), and only then acknowledge. The flow never
// runs inside the request; the dispatcher hands the run to the executor afterwards.
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { kickDispatcher } from "@/lib/runs/dispatcher";
import { eventType } from "./event-type";

export type InboundRequest = {
  token: string;
  method: string;
  headers: Record<string, string>;
  query: string;
  body: Uint8Array;
  sourceIp: string | null;
};

export type IngestAnswer = { status: number; body: Record<string, unknown> };

export async function ingest(req: InboundRequest): Promise<IngestAnswer> {
  const db = await getDb();
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { token: req.token },
    select: { id: true, revokedAt: true, workspaceId: true, flowId: true, flow: { select: { versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } } } } },
  });
  if (!endpoint || endpoint.revokedAt) return { status: 404, body: { error: { code: "not_found", message: "Unknown webhook URL" } } };

  const contentType = req.headers["content-type"] ?? null;
  let json: unknown = undefined;
  if (contentType && /\bjson\b/i.test(contentType)) {
    try {
      json = JSON.parse(Buffer.from(req.body).toString("utf8"));
    } catch {
      json = undefined;
    }
  }
  const version = endpoint.flow.versions[0];
  const deliveryId = newId("dlv");
  const base = {
    id: deliveryId,
    workspaceId: endpoint.workspaceId,
    flowId: endpoint.flowId,
    endpointId: endpoint.id,
    method: req.method,
    query: req.query,
    headers: JSON.stringify(req.headers),
    body: req.body as Uint8Array<ArrayBuffer>,
    contentType,
    sourceIp: req.sourceIp,
  };

  if (!version) {
    await db.delivery.create({ data: { ...base, verdict: "not_published", reason: "The flow has no published version" } });
    return { status: 409, body: { error: { code: "conflict", message: "This flow is not published yet; publish it to accept deliveries" }, id: deliveryId } };
  }

  await db.delivery.create({
    data: {
      ...base,
      verdict: "accepted",
      runs: {
        create: {
          id: newId("run"),
          workspaceId: endpoint.workspaceId,
          flowId: endpoint.flowId,
          flowVersionId: version.id,
          eventType: eventType(req.headers, json),
        },
      },
    },
  });
  kickDispatcher();
  return { status: 202, body: { received: true, id: deliveryId } };
}
