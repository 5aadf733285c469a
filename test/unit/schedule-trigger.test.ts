// The schedule trigger's config: simple intervals compile to cron, bad cron and unknown zones are
// field errors, the preview reads as a person would say it, and fire times follow the zone's
// clock across daylight saving changes (croner, the same code the browser runs).
import { describe, expect, it } from "vitest";
import {
  describeSchedule,
  latestFire,
  nextFire,
  scheduleCron,
  schedulePreview,
  scheduleTriggerConfig,
  type ScheduleTriggerConfig,
} from "@/lib/nodes/kinds/schedule";
import { dueFire, SCHEDULE_CATCH_UP_MS } from "@/lib/runs/scheduled-runs";

const config = (c: Record<string, unknown>): ScheduleTriggerConfig => scheduleTriggerConfig.parse(c);
const problems = (c: Record<string, unknown>) => {
  const r = scheduleTriggerConfig.safeParse(c);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("schedule trigger config", () => {
  it("compiles simple intervals to cron", () => {
    expect(scheduleCron(config({ mode: "minutes", every: 1 }))).toBe("* * * * *");
    expect(scheduleCron(config({ mode: "minutes", every: 15 }))).toBe("*/15 * * * *");
    expect(scheduleCron(config({ mode: "hours", every: 1 }))).toBe("0 * * * *");
    expect(scheduleCron(config({ mode: "hours", every: 6 }))).toBe("0 */6 * * *");
    expect(scheduleCron(config({ mode: "daily", at: "07:05" }))).toBe("5 7 * * *");
    expect(scheduleCron(config({ mode: "weekdays", at: "08:00" }))).toBe("0 8 * * 1-5");
    expect(scheduleCron(config({ mode: "cron", cron: " 0  9 1 * * " }))).toBe("0 9 1 * *");
  });

  it("reports a bad cron expression, time or zone on its field", () => {
    expect(problems({ mode: "cron", cron: "0 8 * *" })).toEqual([
      "cron: A cron expression has five fields: minute, hour, day of month, month, day of week",
    ]);
    expect(problems({ mode: "cron", cron: "0 0 8 * * *" })[0]).toMatch(/^cron: A cron expression has five fields/);
    expect(problems({ mode: "cron", cron: "61 8 * * *" })).toEqual([
      "cron: Not a valid cron expression: Invalid value for minute: 61",
    ]);
    expect(problems({ mode: "cron", cron: "0 8 L * *" })[0]).toMatch(/^cron: /);
    expect(problems({ mode: "daily", at: "8am" })).toEqual(["at: Give a time as HH:MM, e.g. 08:00"]);
    expect(problems({ mode: "daily", timezone: "Mars/Olympus" })).toEqual([
      "timezone: Unknown time zone: use an IANA name such as Europe/Berlin or UTC",
    ]);
    expect(problems({ mode: "hours", every: 30 })).toEqual(["every: Every 1 to 23 hours"]);
    // A cron is only checked when the mode is cron.
    expect(problems({ mode: "daily", cron: "nonsense" })).toEqual([]);
  });

  it("previews the schedule in words, its zone and the next fire time", () => {
    const sunday = new Date("2026-12-06T05:00:00Z");
    expect(schedulePreview(config({ mode: "weekdays", at: "08:00", timezone: "Europe/Berlin" }), sunday)).toBe(
      "every weekday at 08:00 Europe/Berlin; next: Mon 7 Dec 08:00",
    );
    expect(schedulePreview(config({ mode: "minutes", every: 1, timezone: "UTC" }), sunday)).toBe(
      "every minute UTC; next: Sun 6 Dec 05:01",
    );
    expect(describeSchedule(config({ mode: "cron", cron: "0 8 * * 1-5" }))).toBe("at 08:00, Monday through Friday");
  });

  it("fires by the zone's wall clock across daylight saving changes", () => {
    const at0230 = config({ mode: "daily", at: "02:30", timezone: "Europe/Berlin" });
    // Spring forward (29 Mar 2026, 02:00 → 03:00): 02:30 does not exist; it fires once, at 03:00 CEST.
    expect(nextFire(at0230, new Date("2026-03-28T12:00:00Z"))!.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // Fall back (25 Oct 2026, 03:00 → 02:00): 02:30 happens twice; it fires once, at the first.
    expect(nextFire(at0230, new Date("2026-10-24T12:00:00Z"))!.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(nextFire(at0230, new Date("2026-10-25T00:30:00Z"))!.toISOString()).toBe("2026-10-26T01:30:00.000Z");
    // 08:00 New York: 13:00 UTC in winter, 12:00 UTC once daylight saving starts (8 Mar 2026).
    const ny = config({ mode: "daily", at: "08:00", timezone: "America/New_York" });
    expect(nextFire(ny, new Date("2026-03-07T00:00:00Z"))!.toISOString()).toBe("2026-03-07T13:00:00.000Z");
    expect(nextFire(ny, new Date("2026-03-07T13:00:00Z"))!.toISOString()).toBe("2026-03-08T12:00:00.000Z");
    // The same instant is Monday in Tokyo and Sunday in UTC: weekdays follow the zone.
    const tokyo = config({ mode: "weekdays", at: "07:00", timezone: "Asia/Tokyo" });
    expect(nextFire(tokyo, new Date("2026-12-06T12:00:00Z"))!.toISOString()).toBe("2026-12-06T22:00:00.000Z");
  });

  it("takes a fire time exactly at the reference as the latest", () => {
    const c = config({ mode: "minutes", every: 5 });
    expect(latestFire(c, new Date("2026-12-06T10:05:00.000Z"))!.toISOString()).toBe("2026-12-06T10:05:00.000Z");
    expect(latestFire(c, new Date("2026-12-06T10:04:59.999Z"))!.toISOString()).toBe("2026-12-06T10:00:00.000Z");
  });
});

describe("which fire time is due (missed ticks)", () => {
  const definition = (c: Record<string, unknown>) =>
    JSON.stringify({
      schemaVersion: 1,
      nodes: [{ id: "t", type: "schedule", position: { x: 0, y: 0 }, data: { config: c } }],
      edges: [],
    });
  const every5 = definition({ mode: "minutes", every: 5 });
  const published = new Date("2026-12-05T09:00:00Z");

  it("fires the latest fire time when it is due, and only that one", () => {
    expect(dueFire(every5, published, new Date("2026-12-06T10:05:00Z"))?.toISOString()).toBe(
      "2026-12-06T10:05:00.000Z",
    );
    // Down from 09:10 to 10:03: the ticks in between are skipped, 10:00 fires once.
    expect(dueFire(every5, published, new Date("2026-12-06T10:03:20Z"))?.toISOString()).toBe(
      "2026-12-06T10:00:00.000Z",
    );
  });

  it("skips a fire time older than the catch-up window", () => {
    const daily = definition({ mode: "daily", at: "08:00" });
    const at = (ms: number) => new Date(Date.parse("2026-12-06T08:00:00Z") + ms);
    expect(dueFire(daily, published, at(SCHEDULE_CATCH_UP_MS))?.toISOString()).toBe("2026-12-06T08:00:00.000Z");
    expect(dueFire(daily, published, at(SCHEDULE_CATCH_UP_MS + 1000))).toBeNull();
  });

  it("never fires a time before the version was published", () => {
    expect(dueFire(every5, new Date("2026-12-06T10:05:01Z"), new Date("2026-12-06T10:06:00Z"))).toBeNull();
  });

  it("ignores a version without a schedule trigger", () => {
    const webhook = JSON.stringify({
      schemaVersion: 1,
      nodes: [{ id: "t", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } }],
      edges: [],
    });
    expect(dueFire(webhook, published, new Date("2026-12-06T10:05:00Z"))).toBeNull();
  });
});
