// Scheduled flows end to end, on SQLite and PostgreSQL, with the executor's clock moved forward:
// the app's cron function (fired by the embedded executor) queues a published schedule flow's run
// for each tick, once; the run has no delivery, its trigger data is { scheduledAt, timezone, cron }
// and the run history lists it as "schedule"; pausing stops the schedule and publishing a new
// version replaces it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { offsetClock, setExecutorClock } from "@/lib/executor/clock";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { setPaused } from "@/lib/flows/set-paused";
import { getRun } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import { SCHEDULE_CATCH_UP_MS, startScheduledRuns } from "@/lib/runs/scheduled-runs";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { startTarget } from "../support/target-server";

const MINUTE = 60_000;
const SCHEDULE_FUNCTION = "hookline-flow-schedules";
const clock = offsetClock();
let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
let ws = "";
let flowId = "";

beforeAll(async () => {
  setExecutorClock(clock.now);
  await pastEarlierTicks();
  engine = await startEngine();
  target = await startTarget();
});
afterAll(async () => {
  // The flow stays in the shared test database: paused, it never fires in a later file's engine.
  if (ws && flowId) await setPaused(ws, flowId, { paused: true });
  await engine?.stop();
  await target?.close();
  setExecutorClock(null);
});

/**
 * Moves the clock past every tick of the schedule function fired in this database so far. Other
 * files' engines move their clocks too (engine-graph lives through hours of retry backoff) and
 * fire the ticks they pass; an event id claims a tick once per database, so a tick of this file
 * that an earlier file already fired would start nothing here.
 */
async function pastEarlierTicks() {
  const fired = await (
    await getDb()
  ).execRun.findMany({ where: { functionId: SCHEDULE_FUNCTION }, select: { eventId: true } });
  const latest = Math.max(0, ...fired.map((r) => Date.parse(r.eventId.slice(r.eventId.lastIndexOf("@") + 1)) || 0));
  if (latest + MINUTE > clock.now()) clock.advance(latest + MINUTE - clock.now());
}

/** Moves the executor's clock to 5 s past the next minute; returns that minute. */
function toNextMinute() {
  const now = clock.now();
  const next = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  clock.advance(next + 5_000 - now);
  return next;
}

/**
 * Moves the executor's clock, in one step, to 5 s past the next minute that is at least 15 minutes
 * after an even UTC hour, and returns that minute: neither a fire time of "every 2 hours" nor in
 * the catch-up window after one (SCHEDULE_CATCH_UP_MS), whatever time the shared clock has reached.
 * Moved minute by minute instead, the engine could fire a minute in between.
 */
function toMinuteClearOfEvenHours() {
  const TWO_HOURS = 120 * MINUTE;
  const now = clock.now();
  let next = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const sinceEvenHour = next % TWO_HOURS;
  if (sinceEvenHour < SCHEDULE_CATCH_UP_MS + 5 * MINUTE) next += SCHEDULE_CATCH_UP_MS + 5 * MINUTE - sinceEvenHour;
  clock.advance(next + 5_000 - now);
  return next;
}

/** Waits until the app's cron function has completed its run for `tick`. */
async function tickDone(tick: number) {
  const db = await getDb();
  const at = new Date(tick).toISOString();
  await eventually(
    async () => {
      const runs = await db.execRun.findMany({
        where: { functionId: SCHEDULE_FUNCTION, eventId: { endsWith: `@${at}` } },
      });
      return runs.length > 0 && runs.every((r) => r.status === "completed") ? true : undefined;
    },
    30_000,
    `the schedule tick ${at}`,
  );
}

const definition = (schedule: Record<string, unknown>) => ({
  schemaVersion: 1 as const,
  nodes: [
    { id: "trigger", type: "schedule", position: { x: 0, y: 0 }, data: { label: "Schedule", config: schedule } },
    {
      id: "http_1",
      type: "http",
      position: { x: 300, y: 0 },
      data: {
        label: "Report",
        config: {
          method: "POST",
          url: `${target.url}/report`,
          body: '{"at":"{{ trigger.scheduledAt }}","tz":"{{ trigger.timezone }}"}',
        },
      },
    },
  ],
  edges: [{ id: "e1", source: "trigger", target: "http_1" }],
});

describe(`scheduled flows (${inject("database")})`, () => {
  const runsOf = async () => (await listRuns(ws, flowId, { limit: 50 })).items;

  it("runs a published schedule flow once per tick, with the tick as its trigger data", async () => {
    ws = await currentWorkspaceId();
    const flow = await createFlow(ws, { name: `Every minute (${inject("database")})` });
    flowId = flow.id;
    await saveDraft(ws, flowId, {
      definition: definition({ mode: "minutes", every: 1, timezone: "Europe/Berlin" }),
      revision: 0,
    });
    await publishFlow(ws, flowId);
    // A schedule flow has no webhook: its URL answers as unknown and starts nothing.
    const live = flow.endpoints.find((e) => e.kind === "live")!.token;
    expect((await engine.post(`/api/hooks/${live}`, JSON.stringify({ hello: 1 }))).status).toBe(404);

    const tick = toNextMinute();
    const run = await eventually(
      async () => (await runsOf()).find((r) => r.status === "succeeded"),
      30_000,
      "the scheduled run",
    );
    expect(run.eventType).toBe("schedule");
    expect(run.deliveryId).toBeNull();
    const detail = await getRun(ws, run.id);
    expect(detail.delivery).toBeNull();
    expect(detail.steps.find((s) => s.nodeId === "trigger")?.output).toEqual({
      scheduledAt: new Date(tick).toISOString(),
      timezone: "Europe/Berlin",
      cron: "* * * * *",
    });
    expect(target.received.map((r) => r.json)).toContainEqual({
      at: new Date(tick).toISOString(),
      tz: "Europe/Berlin",
    });
    // The same tick again (a retried or late call, another instance): no second run.
    expect(await startScheduledRuns(new Date(tick))).toEqual([]);
    expect(await startScheduledRuns(new Date(tick + 20_000))).toEqual([]);
    expect(await runsOf()).toHaveLength(1);
  });

  it("fires nothing while the flow is paused", async () => {
    await setPaused(ws, flowId, { paused: true });
    const tick = toNextMinute();
    await tickDone(tick);
    expect(await runsOf()).toHaveLength(1);
    await setPaused(ws, flowId, { paused: false });
  });

  it("follows the newest published version's schedule", async () => {
    const flow = (await getDb()).flow;
    const { revision } = await flow.findUniqueOrThrow({ where: { id: flowId } });
    // Every 2 hours from midnight (UTC): the minute below is neither a fire time nor in the catch-up after one.
    await saveDraft(ws, flowId, { definition: definition({ mode: "hours", every: 2 }), revision });
    await publishFlow(ws, flowId);
    await tickDone(toMinuteClearOfEvenHours());
    expect(await runsOf()).toHaveLength(1);
  });
});
