// Inngest cron triggers in the embedded executor: parsing "TZ=<zone> <expr>", which tick is due
// at a given (fake) time, the missed-tick policy, and when a function's cron counts as registered.
import { describe, expect, it } from "vitest";
import {
  CRON_CATCH_UP_MS,
  cronSince,
  dueTick,
  latestTick,
  nextTick,
  parseCronTrigger,
  tickEvent,
} from "@/lib/executor/cron";
import type { FunctionConfig } from "@/lib/executor/protocol";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const fn = (crons: string[], extra: Record<string, unknown> = {}): FunctionConfig =>
  ({ id: "app-f", triggers: crons.map((cron) => ({ cron })), steps: {}, ...extra }) as FunctionConfig;

describe("cron triggers", () => {
  it("reads a time zone prefix as Inngest does, UTC without one", () => {
    expect(parseCronTrigger("TZ=Europe/Berlin 0 8 * * 1-5")).toEqual({
      cron: "TZ=Europe/Berlin 0 8 * * 1-5",
      timezone: "Europe/Berlin",
      expr: "0 8 * * 1-5",
    });
    expect(parseCronTrigger("*/5 * * * *").timezone).toBe("UTC");
    expect(() => parseCronTrigger("0 0 8 * * *")).toThrow(/five fields/);
    expect(() => parseCronTrigger("TZ=Nowhere/Land 0 8 * * *")).toThrow();
    expect(() => parseCronTrigger("99 8 * * *")).toThrow();
  });

  it("computes ticks in the zone, across daylight saving", () => {
    const berlin = parseCronTrigger("TZ=Europe/Berlin 0 8 * * 1-5");
    // Sunday 6 Dec 2026 → Monday 08:00 CET (07:00 UTC).
    expect(iso(nextTick(berlin, t("2026-12-06T05:00:00Z")))).toBe("2026-12-07T07:00:00.000Z");
    // In summer 08:00 CEST is 06:00 UTC.
    expect(iso(nextTick(berlin, t("2026-07-05T00:00:00Z")))).toBe("2026-07-06T06:00:00.000Z");
    // The hour skipped in spring: 02:30 fires at 03:00 CEST, once.
    const night = parseCronTrigger("TZ=Europe/Berlin 30 2 * * *");
    expect(iso(nextTick(night, t("2026-03-28T12:00:00Z")))).toBe("2026-03-29T01:00:00.000Z");
    // The hour repeated in autumn: 02:30 fires once.
    expect(iso(nextTick(night, t("2026-10-25T00:30:00Z")))).toBe("2026-10-26T01:30:00.000Z");
    // The latest tick includes one exactly now.
    const every = parseCronTrigger("* * * * *");
    expect(iso(latestTick(every, t("2026-12-06T10:05:00.000Z")))).toBe("2026-12-06T10:05:00.000Z");
    expect(iso(latestTick(every, t("2026-12-06T10:05:59.999Z")))).toBe("2026-12-06T10:05:00.000Z");
  });
});

describe("the missed-tick policy", () => {
  const every5 = parseCronTrigger("*/5 * * * *");
  const registered = t("2026-12-06T09:00:00Z");

  it("fires the tick that is due", () => {
    expect(iso(dueTick(every5, registered, t("2026-12-06T10:05:00.200Z")))).toBe("2026-12-06T10:05:00.000Z");
  });

  it("after a downtime fires only the most recent missed tick, if it is within the catch-up window", () => {
    // Down from 09:12 to 10:03: 09:15 … 10:00 were missed; only 10:00 fires.
    expect(iso(dueTick(every5, registered, t("2026-12-06T10:03:00Z")))).toBe("2026-12-06T10:00:00.000Z");
    const daily = parseCronTrigger("TZ=Europe/Berlin 0 8 * * *");
    const eight = t("2026-12-06T07:00:00Z");
    expect(iso(dueTick(daily, registered - 86_400_000, eight + CRON_CATCH_UP_MS))).toBe("2026-12-06T07:00:00.000Z");
    expect(dueTick(daily, registered - 86_400_000, eight + CRON_CATCH_UP_MS + 1)).toBeNull();
  });

  it("does not fire a tick from before the cron was registered", () => {
    expect(dueTick(every5, t("2026-12-06T10:05:00.500Z"), t("2026-12-06T10:06:00Z"))).toBeNull();
  });

  it("names the event after the tick, so every executor claims the same one", () => {
    const e = tickEvent("TZ=Europe/Berlin 0 8 * * *", t("2026-12-07T07:00:00Z"));
    expect(e).toEqual({
      id: "cron:TZ=Europe/Berlin 0 8 * * *@2026-12-07T07:00:00.000Z",
      name: "inngest/scheduled.timer",
      data: { cron: "TZ=Europe/Berlin 0 8 * * *" },
      ts: t("2026-12-07T07:00:00Z"),
    });
  });

  it("keeps the registration time through a sync with the same crons, resets it when they change", () => {
    const now = t("2026-12-06T12:00:00Z");
    expect(cronSince(fn(["* * * * *"]), undefined, now)).toBe(now);
    expect(cronSince(fn(["* * * * *"]), fn(["* * * * *"], { cronSince: 5 }), now)).toBe(5);
    expect(cronSince(fn(["0 * * * *"]), fn(["* * * * *"], { cronSince: 5 }), now)).toBe(now);
    expect(cronSince(fn([]), fn(["* * * * *"], { cronSince: 5 }), now)).toBeUndefined();
  });
});
