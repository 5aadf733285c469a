// One run with its steps, the definition it ran and the delivery that started it.
import "server-only";
import type { RunDetail } from "@/lib/api/dto";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { deliveryView } from "@/lib/deliveries/to-dto";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { isTriggerType } from "@/lib/nodes/catalog";
import { objectIdPathOf, STALE_EVENT_VERDICT, staleObjectId } from "./stale-events";
import { runSummary, stepView } from "./to-dto";

/** The run page shows this much of a delivery body; the rest is a download (GET /api/runs/:id/delivery-body). */
export const SHOWN_BODY_BYTES = 64 * 1024;

export async function getRun(workspaceId: string, runId: string): Promise<RunDetail> {
  const db = await getDb();
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    include: {
      version: { select: { number: true, definition: true } },
      flow: { select: { name: true } },
      delivery: true,
      steps: { orderBy: [{ startedAt: "asc" }, { attempt: "asc" }] },
    },
  });
  if (!run) throw notFound("Run");
  const ran = run.version?.definition ?? run.definition;
  const staleEvent =
    run.delivery?.verdict === STALE_EVENT_VERDICT
      ? { objectId: staleObjectId(objectIdPathOf(ran), run.delivery) }
      : null;
  return {
    run: { ...runSummary(run), flowName: run.flow.name, staleEvent },
    definition: parseStoredDefinition(ran ?? "{}"),
    // The trigger first: it is read in the same millisecond as the first step may start.
    steps: [
      ...run.steps.filter((s) => isTriggerType(s.nodeType)),
      ...run.steps.filter((s) => !isTriggerType(s.nodeType)),
    ].map(stepView),
    delivery: run.delivery ? deliveryView(run.delivery, SHOWN_BODY_BYTES) : null,
  };
}

/** The whole stored body of a run's delivery, for the download. */
export async function getRunDeliveryBody(workspaceId: string, runId: string) {
  const db = await getDb();
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { delivery: { select: { id: true, body: true, contentType: true } } },
  });
  if (!run) throw notFound("Run");
  if (!run.delivery) throw notFound("Delivery");
  return run.delivery;
}
