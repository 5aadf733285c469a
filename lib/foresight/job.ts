// The foresight pass, a background loop beside the run history's (lib/runs/history-jobs.ts), never
// on the ingest path. It tails new live deliveries by id (time-sortable) with a cursor row
// (HistoryCursor "foresight") that it moves with a compare-and-set BEFORE using the chunk, so two
// app instances never both learn from one delivery (a pass that dies after the claim loses that
// chunk's samples: a sample may miss a few deliveries). Accepted JSON bodies become shape samples
// (at most SHAPE_SAMPLE per flow and event type); then every flow the chunk touched, and every flow
// with an open condition, is evaluated (lib/foresight/evaluate.ts).
import "server-only";
import { getDb } from "@/lib/db";
import { parseRequest } from "@/lib/deliveries/parse-request";
import { errField, log } from "@/lib/observability/log";
import { idAt, valuesList } from "@/lib/runs/sql";
import { evaluateFlow, MAX_EVENT_TYPES } from "./evaluate";
import { shapeOf } from "./shape";

export const FORESIGHT_CURSOR = "foresight";
export const SHAPE_SAMPLE = 100;
const SETTLE_MS = 3_000;
const CHUNK = 200;

export type PassResult = { learned: number; evaluated: number };

export async function foresightPass(opts: { now?: number; settleMs?: number; maxDeliveries?: number } = {}) {
  const now = opts.now ?? Date.now();
  const touched = await learnShapes(now - (opts.settleMs ?? SETTLE_MS), opts.maxDeliveries ?? 2_000);
  const db = await getDb();
  const open = await db.foresightFinding.findMany({
    where: { resolvedAt: null },
    distinct: ["flowId"],
    select: { flowId: true },
    take: 500,
  });
  const flows = new Set([...touched.flows, ...open.map((o) => o.flowId)]);
  for (const flowId of flows) {
    try {
      await evaluateFlow(flowId, new Date(now));
    } catch (e) {
      log("foresight").error({ flowId, ...errField(e) }, "evaluating a flow's foresight failed; retried next pass");
    }
  }
  return { learned: touched.learned, evaluated: flows.size } satisfies PassResult;
}

async function learnShapes(below: number, max: number) {
  const db = await getDb();
  const flows = new Set<string>();
  let learned = 0;
  const bound = idAt("dlv", below);
  for (let done = 0; done < max;) {
    const last = (await db.historyCursor.findUnique({ where: { id: FORESIGHT_CURSOR } }))?.lastId;
    if (last === undefined) {
      // First pass ever: start from now (the past is not replayed).
      await db.$executeRawUnsafe(
        `INSERT INTO "HistoryCursor" ("id", "lastId") VALUES ${valuesList(1, 2)} ON CONFLICT DO NOTHING`,
        FORESIGHT_CURSOR,
        idAt("dlv", below - 60_000),
      );
      continue;
    }
    const rows = await db.delivery.findMany({
      where: { id: { gt: last, lt: bound }, kind: "live" },
      orderBy: { id: "asc" },
      take: CHUNK,
      select: {
        id: true,
        flowId: true,
        verdict: true,
        eventType: true,
        receivedAt: true,
        body: true,
        contentType: true,
        headers: true,
        query: true,
        method: true,
      },
    });
    if (rows.length === 0) break;
    const claimed = await db.historyCursor.updateMany({
      where: { id: FORESIGHT_CURSOR, lastId: last },
      data: { lastId: rows.at(-1)!.id },
    });
    if (claimed.count === 0) continue; // another instance took this chunk
    done += rows.length;
    const samples = [];
    for (const r of rows) {
      flows.add(r.flowId);
      if (r.verdict !== "accepted") continue;
      const body = parseRequest(r).body;
      if (!body || typeof body !== "object") continue;
      samples.push({
        deliveryId: r.id,
        flowId: r.flowId,
        eventType: r.eventType ?? "",
        receivedAt: r.receivedAt,
        paths: JSON.stringify(shapeOf(body)),
      });
    }
    if (samples.length) await db.payloadShapeSample.createMany({ data: samples });
    learned += samples.length;
    for (const key of new Set(samples.map((s) => `${s.flowId}\u0000${s.eventType}`))) {
      const [flowId, eventType] = key.split("\u0000") as [string, string];
      await trim(flowId, eventType);
    }
    for (const flowId of new Set(samples.map((s) => s.flowId))) await trimEventTypes(flowId);
    if (rows.length < CHUNK) break;
  }
  return { flows, learned };
}

/** Keeps the newest SHAPE_SAMPLE samples of a flow and event type. */
async function trim(flowId: string, eventType: string) {
  const db = await getDb();
  const edge = await db.payloadShapeSample.findMany({
    where: { flowId, eventType },
    orderBy: { deliveryId: "desc" },
    skip: SHAPE_SAMPLE - 1,
    take: 1,
    select: { deliveryId: true },
  });
  if (edge[0])
    await db.payloadShapeSample.deleteMany({ where: { flowId, eventType, deliveryId: { lt: edge[0].deliveryId } } });
}

/**
 * Keeps the samples of the flow's MAX_EVENT_TYPES most recent event types: the event type comes
 * from the sender's payload, and a sender (or anyone, on a flow without verification) naming a new
 * type in every delivery must not grow the table without end.
 */
async function trimEventTypes(flowId: string) {
  const db = await getDb();
  const stale = await db.payloadShapeSample.groupBy({
    by: ["eventType"],
    where: { flowId },
    _max: { deliveryId: true },
    orderBy: { _max: { deliveryId: "desc" } },
    skip: MAX_EVENT_TYPES,
    take: 100,
  });
  if (stale.length)
    await db.payloadShapeSample.deleteMany({ where: { flowId, eventType: { in: stale.map((t) => t.eventType) } } });
}

type Loop = { timer?: NodeJS.Timeout; busy: boolean };
const g = globalThis as unknown as { __hooklineForesight?: Loop };

export function startForesight(everyMs = 5_000) {
  if (g.__hooklineForesight) return;
  const loop: Loop = { busy: false };
  g.__hooklineForesight = loop;
  loop.timer = setInterval(() => {
    if (loop.busy) return;
    loop.busy = true;
    foresightPass()
      .catch((e) => log("foresight").error(errField(e), "the foresight pass failed; retried at the next interval"))
      .finally(() => (loop.busy = false));
  }, everyMs);
  loop.timer.unref();
}

export function stopForesight() {
  const loop = g.__hooklineForesight;
  g.__hooklineForesight = undefined;
  if (loop?.timer) clearInterval(loop.timer);
}
