// Trigger: a schedule. A cron expression in an IANA time zone, or a simple interval (every N
// minutes or hours, daily or on weekdays at HH:MM) that compiles to one. Browser-safe: the config
// form previews the schedule ("every weekday at 08:00 Europe/Berlin; next: Mon 7 Dec 08:00") with
// the same code the server fires it with (lib/runs/scheduled-runs.ts).
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { z } from "zod";
import { defineKind } from "../kind";

export const scheduleModes = ["minutes", "hours", "daily", "weekdays", "cron"] as const;
export type ScheduleMode = (typeof scheduleModes)[number];

/** Whether the runtime knows `zone` as an IANA time zone (Intl throws a RangeError otherwise). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// One field of a standard five-field cron: *, numbers, three-letter names, ranges, steps and
// lists. Croner also knows L, W, # and ?, and seconds and years; Inngest's own cron (used as it is
// with an external Inngest) does not, so they are refused here.
const CRON_ATOM = String.raw`(\*|\d{1,2}|[A-Za-z]{3})(-(\d{1,2}|[A-Za-z]{3}))?(\/\d{1,2})?`;
const CRON_FIELD = new RegExp(`^${CRON_ATOM}(,${CRON_ATOM})*$`);

/** Why a five-field cron expression cannot be used, or null when it can. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === "")
    return "A cron expression has five fields: minute, hour, day of month, month, day of week";
  if (!fields.every((f) => CRON_FIELD.test(f)))
    return "Use numbers, *, ranges (1-5), steps (*/15), lists (1,15) and names (MON, JAN) only";
  try {
    new Cron(expr.trim(), { paused: true, timezone: "UTC", mode: "5-part" });
    return null;
  } catch (e) {
    return `Not a valid cron expression: ${(e as Error).message.replace(/^CronPattern: /, "")}`;
  }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const scheduleTriggerConfig = z
  .object({
    mode: z.enum(scheduleModes).default("daily").meta({ title: "Repeat" }),
    // minutes: 1-59; hours: 1-23 (counted from the hour and from midnight, as cron steps are).
    every: z.number().int().min(1).max(59).default(15).meta({ title: "Every" }),
    at: z.string().regex(HH_MM, "Give a time as HH:MM, e.g. 08:00").default("08:00").meta({ title: "At" }),
    cron: z.string().trim().max(200).default("").meta({ title: "Cron expression" }),
    timezone: z
      .string()
      .trim()
      .default("UTC")
      .refine(isTimeZone, "Unknown time zone: use an IANA name such as Europe/Berlin or UTC")
      .meta({ title: "Time zone" }),
  })
  .superRefine((c, ctx) => {
    if (c.mode === "hours" && c.every > 23)
      ctx.addIssue({ code: "custom", path: ["every"], message: "Every 1 to 23 hours" });
    if (c.mode === "cron") {
      const problem = cronProblem(c.cron);
      if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
    }
  });

export type ScheduleTriggerConfig = z.output<typeof scheduleTriggerConfig>;

/** What a scheduled run's trigger outputs (what {{ trigger.* }} reads): the tick, its zone and cron. */
export type ScheduledTrigger = { scheduledAt: string; timezone: string; cron: string };

export function scheduledTrigger(config: unknown, scheduledAt: Date): ScheduledTrigger {
  const c = scheduleTriggerConfig.parse(config);
  return { scheduledAt: scheduledAt.toISOString(), timezone: c.timezone, cron: scheduleCron(c) };
}

/** The five-field cron expression a schedule fires by, in its time zone. */
export function scheduleCron(c: ScheduleTriggerConfig): string {
  const [hh, mm] = c.at.split(":").map(Number);
  switch (c.mode) {
    case "minutes":
      return c.every === 1 ? "* * * * *" : `*/${c.every} * * * *`;
    case "hours":
      return c.every === 1 ? "0 * * * *" : `0 */${c.every} * * *`;
    case "daily":
      return `${mm} ${hh} * * *`;
    case "weekdays":
      return `${mm} ${hh} * * 1-5`;
    case "cron":
      return c.cron.trim().split(/\s+/).join(" ");
  }
}

/** The latest fire time at or before `at` (croner looks strictly before a whole second), or null. */
export function latestFire(c: ScheduleTriggerConfig, at: Date): Date | null {
  const [prev] = scheduleTimer(scheduleCron(c), c.timezone).previousRuns(
    1,
    new Date(Math.floor(at.getTime() / 1000) * 1000 + 1000),
  );
  return prev ?? null;
}

/** A schedule's fire times by croner (standard cron: day of month OR day of week when both are set). */
export function scheduleTimer(cron: string, timezone: string): Cron {
  return new Cron(cron, { paused: true, timezone, mode: "5-part" });
}

/** The first fire time after `after`, or null if the expression never fires again. */
export function nextFire(c: ScheduleTriggerConfig, after: Date): Date | null {
  return scheduleTimer(scheduleCron(c), c.timezone).nextRun(after);
}

/** The schedule in words, without its time zone: "every weekday at 08:00". */
export function describeSchedule(c: ScheduleTriggerConfig): string {
  const unit = (n: number, one: string) => (n === 1 ? `every ${one}` : `every ${n} ${one}s`);
  switch (c.mode) {
    case "minutes":
      return unit(c.every, "minute");
    case "hours":
      return unit(c.every, "hour");
    case "daily":
      return `every day at ${c.at}`;
    case "weekdays":
      return `every weekday at ${c.at}`;
    case "cron":
      try {
        const text = cronstrue.toString(scheduleCron(c), { use24HourTimeFormat: true, verbose: false });
        return text.charAt(0).toLowerCase() + text.slice(1);
      } catch {
        return `cron ${c.cron}`;
      }
  }
}

/** "Mon 7 Dec 08:00" in `timezone`. */
export function formatFireTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("hour")}:${part("minute")}`;
}

/** The preview under the form: "every weekday at 08:00 Europe/Berlin; next: Mon 7 Dec 08:00". */
export function schedulePreview(c: ScheduleTriggerConfig, now: Date): string {
  const next = nextFire(c, now);
  return `${describeSchedule(c)} ${c.timezone}; next: ${next ? formatFireTime(next, c.timezone) : "never"}`;
}

export const scheduleTrigger = defineKind({
  type: "schedule",
  label: "Schedule",
  group: "Trigger",
  icon: "calendar",
  description:
    "Starts the flow on a schedule: every few minutes or hours, daily or on weekdays, or by a cron expression.",
  config: scheduleTriggerConfig,
  defaults: { mode: "weekdays", at: "08:00", timezone: "UTC" },
  summary: (c) => `${describeSchedule(c)} ${c.timezone}`,
  sideEffect: false,
  fieldLabels: {
    mode: "Repeat",
    every: "Every",
    at: "At",
    cron: "Cron expression",
    timezone: "Time zone",
  },
});
