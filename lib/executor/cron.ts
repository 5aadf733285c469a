// Inngest cron triggers, as the embedded executor fires them. A trigger is `cron: "<expr>"` or
// `cron: "TZ=<IANA zone> <expr>"` (five fields, standard day-of-month OR day-of-week), as Inngest
// reads it. The fire times come from croner; which tick is due, and whether it is still worth
// firing, is decided here from the time alone, so any executor (after a restart or a takeover)
// reaches the same answer, and the database's unique (function, event id) claims it once.
import { Cron } from "croner";
import type { FunctionConfig, InngestEvent } from "./protocol";

/** Ticks missed while no executor ran: the most recent one still fires if it is at most this old; older ones are skipped. */
export const CRON_CATCH_UP_MS = 10 * 60_000;

/** The event Inngest sends a cron function (its name and data as Inngest's own scheduler sends them). */
export const SCHEDULED_EVENT = "inngest/scheduled.timer";

export type CronTrigger = { cron: string; timezone: string; expr: string };

/** Parses a trigger's cron string; throws with a readable message if croner refuses it. */
export function parseCronTrigger(cron: string): CronTrigger {
  const m = /^\s*TZ=(\S+)\s+(.+)$/.exec(cron);
  const timezone = m ? m[1]! : "UTC";
  const expr = (m ? m[2]! : cron).trim();
  if (expr.split(/\s+/).length !== 5) throw new Error(`cron "${cron}": five fields expected`);
  // croner checks the zone only when it computes a time.
  timer({ cron, timezone, expr }).nextRun(new Date(0));
  return { cron, timezone, expr };
}

const timer = (t: CronTrigger) => new Cron(t.expr, { paused: true, timezone: t.timezone, mode: "5-part" });

/** The latest fire time at or before `now` (ms), or null if there is none in the last year. */
export function latestTick(t: CronTrigger, now: number): number | null {
  // previousRuns drops milliseconds and looks strictly before its reference: the next whole
  // second makes a tick at `now`'s second count as the latest.
  const [prev] = timer(t).previousRuns(1, new Date(Math.floor(now / 1000) * 1000 + 1000));
  return prev ? prev.getTime() : null;
}

/** The first fire time strictly after `after` (ms), or null. */
export function nextTick(t: CronTrigger, after: number): number | null {
  return timer(t).nextRun(new Date(after))?.getTime() ?? null;
}

/**
 * The tick to fire now, or null. The latest tick at or before `now`, if it is not older than
 * `catchUpMs` (a tick missed while no executor ran fires late, once; older ones are skipped) and
 * not before `since` (when the function's cron was registered: registering does not fire the
 * tick that just passed, as with Inngest).
 */
export function dueTick(t: CronTrigger, since: number, now: number, catchUpMs = CRON_CATCH_UP_MS): number | null {
  const tick = latestTick(t, now);
  if (tick === null || tick < since || now - tick > catchUpMs) return null;
  return tick;
}

/** The cron triggers of a function config. */
export const cronTriggers = (fn: FunctionConfig): string[] =>
  fn.triggers.flatMap((t) => (typeof t.cron === "string" && t.cron.trim() ? [t.cron] : []));

/**
 * The event that starts a function for one tick. Its id names the cron and the tick, so the
 * unique (function, event id) of ExecRun lets exactly one executor start the run.
 */
export function tickEvent(cron: string, tick: number): InngestEvent {
  return { id: `cron:${cron}@${new Date(tick).toISOString()}`, name: SCHEDULED_EVENT, data: { cron }, ts: tick };
}

/**
 * When the executor learned each function's current cron triggers: kept through a sync that
 * reports the same crons, reset when they change (a changed schedule starts from its sync, so the
 * tick that just passed under the old one is not fired under the new one).
 */
export function cronSince(fn: FunctionConfig, stored: FunctionConfig | undefined, now: number): number | undefined {
  const crons = cronTriggers(fn);
  if (crons.length === 0) return undefined;
  const before = stored ? cronTriggers(stored) : null;
  const since = stored ? (stored as { cronSince?: unknown }).cronSince : undefined;
  return before && typeof since === "number" && JSON.stringify(before) === JSON.stringify(crons) ? since : now;
}
