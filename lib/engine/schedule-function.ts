// The app's cron function: once a minute it starts the runs of the schedule flows whose fire time
// has come (lib/runs/scheduled-runs.ts). One function with Inngest's own cron trigger serves every
// flow's schedule, in its own time zone: a function's triggers are fixed when the app syncs, so a
// cron per flow would need a new sync (from whichever instance) at each publish, pause or archive,
// and a flow published between syncs would not fire. Here publishing, pausing and archiving are
// rows the next minute reads. The embedded executor fires it like Inngest does (docs/executor.md).
import "server-only";
import type { Inngest } from "inngest";
import { startScheduledRuns } from "@/lib/runs/scheduled-runs";

export const SCHEDULE_FUNCTION_ID = "flow-schedules";
/** Every minute (zone-free): the finest step a five-field cron has. */
export const SCHEDULE_TICK_CRON = "* * * * *";

export function createScheduleFunction(inngest: Inngest) {
  return inngest.createFunction(
    {
      id: SCHEDULE_FUNCTION_ID,
      name: "Start scheduled flows",
      retries: 3,
      triggers: [{ cron: SCHEDULE_TICK_CRON }],
    },
    async ({ event, step }) => {
      // The tick's own time (the cron event's ts), not the time of the call: a late call (a
      // missed tick caught up, a retry) starts what was due at its tick, never later ticks twice.
      const tick = new Date(typeof event.ts === "number" ? event.ts : Date.now());
      const runs = await step.run("start-scheduled-runs", () => startScheduledRuns(tick));
      return { tick: tick.toISOString(), runs: runs.length };
    },
  );
}
