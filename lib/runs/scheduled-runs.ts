// Scheduled runs: once a minute the app's schedule function (lib/engine/schedule-function.ts)
// starts the runs of every live schedule flow whose latest fire time has come. A run is created
// queued, without a delivery, with the tick it belongs to in `scheduledAt`; the dispatcher sends
// it like any other run. The unique (flowId, scheduledAt) is the claim: whichever minute's call,
// app instance or retry inserts it first starts the run, every later insert is a no-op. So a tick
// fires once, across restarts and instances, and no process keeps the schedule in memory.
import "server-only";
import { getDb } from "@/lib/db";
import { bookSql } from "@/lib/engine/book";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { newId } from "@/lib/ids";
import { latestFire, scheduleTriggerConfig } from "@/lib/nodes/kinds/schedule";
import { log } from "@/lib/observability/log";
import { kickRuns } from "./engine-link";

/**
 * A fire time missed while nothing ran (app down, executor down) still starts its run if it is at
 * most this old when the next minute's call comes; older ones are skipped, and only the latest
 * missed one fires (a flow every 5 minutes, down for an hour: one run, for the last fire time).
 */
export const SCHEDULE_CATCH_UP_MS = 10 * 60_000;

/** A scheduled run's event type: the run history lists and filters it as "schedule". */
export const SCHEDULE_EVENT_TYPE = "schedule";

const INSERT_RUN =
  `INSERT INTO "Run" ("id", "workspaceId", "flowId", "flowVersionId", "status", "eventType", "scheduledAt", "createdAt") ` +
  `VALUES (?, ?, ?, ?, 'queued', '${SCHEDULE_EVENT_TYPE}', ?, ?) ON CONFLICT ("flowId", "scheduledAt") DO NOTHING`;

/**
 * Starts the runs due at `now`: for each published, unpaused, unarchived flow whose live version
 * has a schedule trigger, its latest fire time at or before `now`, if that is not before the
 * version was published and not older than SCHEDULE_CATCH_UP_MS. Returns the new runs' ids.
 */
export async function startScheduledRuns(now: Date): Promise<string[]> {
  const db = await getDb();
  const flows = await db.flow.findMany({
    where: { paused: false, archivedAt: null, versions: { some: { definition: { contains: '"type":"schedule"' } } } },
    select: {
      id: true,
      workspaceId: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, definition: true, createdAt: true } },
    },
  });
  const sql = bookSql();
  const started: string[] = [];
  for (const flow of flows) {
    const version = flow.versions[0];
    if (!version) continue;
    const due = dueFire(version.definition, version.createdAt, now);
    if (!due) continue;
    const id = newId("run");
    const inserted = await sql.tx((q) =>
      q.run(INSERT_RUN, [id, flow.workspaceId, flow.id, version.id, due, new Date()]),
    );
    if (inserted > 0) {
      started.push(id);
      log("schedule").info({ flowId: flow.id, runId: id, scheduledAt: due.toISOString() }, "scheduled run queued");
    }
  }
  if (started.length > 0) kickRuns();
  return started;
}

/** The fire time of a live version's schedule that is due at `now`, or null (not a schedule, not due, too old). */
export function dueFire(definition: string, publishedAt: Date, now: Date): Date | null {
  const trigger = parseStoredDefinition(definition).nodes.find((n) => n.type === "schedule");
  if (!trigger) return null;
  const config = scheduleTriggerConfig.safeParse(trigger.data.config);
  if (!config.success) return null;
  const fire = latestFire(config.data, now);
  if (!fire || fire < publishedAt || now.getTime() - fire.getTime() > SCHEDULE_CATCH_UP_MS) return null;
  return fire;
}
