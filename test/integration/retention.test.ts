// Retention on SQLite and PostgreSQL: only finished runs (succeeded, failed, cancelled) go, with
// their steps; an unfinished one (held, queued, running, sleeping, retrying) stays whatever its
// age, since a Delay may sleep for 365 days and a held run waits for its flow to resume. So does
// the delivery it runs on. (Batches, replays and dedupe keys: run-history.test.ts.)
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { newId } from "@/lib/ids";
import { setRetentionDays, sweepWorkspace } from "@/lib/retention/retention";

const DAY = 86_400_000;
const rnd = () => Array.from(randomBytes(12), (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
const idAtTime = (prefix: string, ms: number) => `${prefix}_${ms.toString(36).padStart(9, "0")}${rnd()}`;
const definition = {
  schemaVersion: 1 as const,
  nodes: [{ id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } }],
  edges: [],
};

const FINISHED = ["succeeded", "failed", "cancelled"];
const UNFINISHED = ["held", "queued", "running", "sleeping", "retrying"];

describe(`retention keeps unfinished runs (${inject("database")})`, () => {
  let ws: string;
  let flowId: string;
  let endpointId: string;
  let versionId: string;
  beforeAll(async () => {
    const db = await getDb();
    ws = (await db.workspace.create({ data: { id: newId("ws"), name: "retention" } })).id;
    const flow = await createFlow(ws, { name: "retention" });
    await saveDraft(ws, flow.id, { definition, revision: 0 });
    await publishFlow(ws, flow.id);
    flowId = flow.id;
    endpointId = flow.endpoints.find((e) => e.kind === "live")!.id;
    versionId = (await db.flowVersion.findFirstOrThrow({ where: { flowId } })).id;
    await setRetentionDays(ws, 2);
  });

  /** A delivery from `ageMs` ago and one run on it per status, each with a step. */
  async function seed(ageMs: number, statuses: string[]) {
    const db = await getDb();
    const at = Date.now() - ageMs;
    const deliveryId = idAtTime("dlv", at);
    await db.delivery.create({
      data: {
        id: deliveryId,
        workspaceId: ws,
        flowId,
        endpointId,
        method: "POST",
        headers: "{}",
        body: Buffer.from("{}"),
        receivedAt: new Date(at),
        verdict: "accepted",
      },
    });
    const runs = statuses.map((status) => ({
      id: idAtTime("run", at),
      workspaceId: ws,
      flowId,
      flowVersionId: versionId,
      deliveryId,
      status,
      createdAt: new Date(at),
    }));
    await db.run.createMany({ data: runs });
    await db.stepRun.createMany({
      data: runs.map((r) => ({
        id: newId("step"),
        runId: r.id,
        nodeId: "trigger",
        nodeType: "webhook",
        attempt: 0,
        status: "succeeded",
      })),
    });
    return { deliveryId, runIds: runs.map((r) => r.id) };
  }

  it("deletes old finished runs and their deliveries; keeps old unfinished runs, their steps and deliveries", async () => {
    const db = await getDb();
    const finished = await Promise.all(FINISHED.map((s) => seed(3 * DAY, [s])));
    // A Delay of a year: the run sleeps far beyond the retention.
    const unfinished = await Promise.all(UNFINISHED.map((s) => seed(300 * DAY, [s])));
    // A delivery with a finished run and an unfinished one (a replay that is still running).
    const mixed = await seed(3 * DAY, ["failed", "sleeping"]);

    const res = await sweepWorkspace(ws, { batchSize: 2, pauseMs: 0 });
    expect(res.runs).toBe(FINISHED.length + 1);
    const left = await db.run.findMany({ where: { workspaceId: ws }, select: { id: true, status: true } });
    expect(left.map((r) => r.status).sort()).toEqual([...UNFINISHED, "sleeping"].sort());
    expect(left.map((r) => r.id).sort()).toEqual([...unfinished.flatMap((u) => u.runIds), mixed.runIds[1]!].sort());
    expect(await db.stepRun.count({ where: { runId: { in: left.map((r) => r.id) } } })).toBe(left.length);

    const deliveries = await db.delivery.findMany({ where: { workspaceId: ws }, select: { id: true } });
    expect(deliveries.map((d) => d.id).sort()).toEqual(
      [...unfinished.map((u) => u.deliveryId), mixed.deliveryId].sort(),
    );
    expect(finished.every((f) => !deliveries.some((d) => d.id === f.deliveryId))).toBe(true);

    // Once the sleeper finishes, the next sweep takes it and its delivery.
    await db.run.updateMany({ where: { id: unfinished[3]!.runIds[0]! }, data: { status: "succeeded" } });
    await sweepWorkspace(ws, { pauseMs: 0 });
    expect(await db.run.count({ where: { id: unfinished[3]!.runIds[0]! } })).toBe(0);
    expect(await db.delivery.count({ where: { id: unfinished[3]!.deliveryId } })).toBe(0);
  });
});
