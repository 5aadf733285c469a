// Inngest cron triggers in the embedded executor, on SQLite and PostgreSQL, with a fake clock: a
// synced cron function fires once per tick, a restart of the executor does not fire the tick
// again, two executors on one database racing for the same tick start one run, and after a
// downtime only the most recent missed tick fires.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createExecutor } from "@/lib/executor/executor";
import { startExecutorHarness, TEST_SIGNING_KEY, until, type ExecutorHarness } from "../support/executor-harness";

const db = inject("database");
const APP = `cron-${db}-${Date.now().toString(36)}`;
const MINUTE = 60_000;
let h: ExecutorHarness;
const calls: string[] = [];

beforeAll(async () => {
  h = await startExecutorHarness(APP, (inngest) => [
    inngest.createFunction(
      { id: "tick", retries: 0, triggers: [{ cron: "TZ=Europe/Berlin * * * * *" }] },
      async ({ event, step }) => {
        const tick = await step.run("note", () => {
          calls.push(new Date(event.ts!).toISOString());
          return new Date(event.ts!).toISOString();
        });
        return { tick, cron: (event.data as { cron?: string }).cron };
      },
    ),
  ]);
});
afterAll(async () => {
  await h?.stop();
});

/** Moves the fake clock to 5 s past the next minute and returns that minute (ms). */
function toNextMinute() {
  const now = h.clock.now();
  const next = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  h.clock.advance(next + 5_000 - now);
  return next;
}
const ticksOf = async () =>
  (await h.runs("tick")).map((r) => JSON.parse(r.event) as { id: string; ts: number; name: string });

describe(`cron triggers in the embedded executor (${db})`, () => {
  it("fires a synced cron function once for its tick, with Inngest's scheduled event", async () => {
    const tick = toNextMinute();
    await h.executor().fireCrons();
    const runs = await until(async () => {
      const rows = await h.runs("tick");
      return rows.length > 0 && rows.every((r) => r.status === "completed") ? rows : undefined;
    });
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!.output!)).toEqual({
      tick: new Date(tick).toISOString(),
      cron: "TZ=Europe/Berlin * * * * *",
    });
    const [event] = await ticksOf();
    expect(event!.name).toBe("inngest/scheduled.timer");
    // Polled again within the same minute: nothing new.
    await h.executor().fireCrons();
    expect(await h.runs("tick")).toHaveLength(1);
  });

  it("does not fire the same tick again after a restart", async () => {
    const tick = toNextMinute();
    await h.executor().fireCrons();
    await until(async () => ((await ticksOf()).some((e) => e.ts === tick) ? true : undefined));
    await h.restart();
    await h.executor().sync();
    await h.executor().fireCrons();
    expect((await ticksOf()).filter((e) => e.ts === tick)).toHaveLength(1);
  });

  it("starts one run when two executors race for the same tick", async () => {
    const other = createExecutor({
      serveUrl: h.serveUrl,
      signingKey: TEST_SIGNING_KEY,
      databaseUrl: process.env.DATABASE_URL!,
      singleWriter: false,
      now: h.clock.now,
      log: () => undefined,
    });
    try {
      await other.open();
      await other.drive();
      // A holder syncs when it takes the lease; only the functions its sync reported fire.
      await other.sync();
      // Let the pass that drive() starts end, so both executors look at the new tick below.
      await other.fireCrons();
      await h.executor().fireCrons();
      const tick = toNextMinute();
      await Promise.all([h.executor().fireCrons(), other.fireCrons(), h.executor().fireCrons(), other.fireCrons()]);
      await until(async () => ((await ticksOf()).some((e) => e.ts === tick) ? true : undefined));
      expect((await ticksOf()).filter((e) => e.ts === tick)).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it("after a downtime fires only the most recent missed tick", async () => {
    await h.executor().stop();
    const before = (await ticksOf()).length;
    // Down for 37 minutes: 37 ticks passed; the restart fires the latest one only.
    h.clock.advance(37 * MINUTE);
    await h.restart();
    await h.executor().sync();
    await h.executor().fireCrons();
    const latest = Math.floor(h.clock.now() / MINUTE) * MINUTE;
    const after = await until(async () => {
      const events = await ticksOf();
      return events.length > before ? events : undefined;
    });
    expect(after.slice(before).map((e) => e.ts)).toEqual([latest]);
  });

  it("fires nothing while no executor drives (a paused standby)", async () => {
    h.executor().pause();
    await h.executor().fireCrons(); // a pass under way settles first
    const before = (await ticksOf()).length;
    toNextMinute();
    await h.executor().fireCrons();
    expect(await ticksOf()).toHaveLength(before);
    await h.executor().drive();
  });
});

describe(`a cron function the app no longer serves (${db})`, () => {
  it("is not fired from its stored config", async () => {
    const stale = createExecutor({
      serveUrl: h.serveUrl,
      signingKey: TEST_SIGNING_KEY,
      databaseUrl: process.env.DATABASE_URL!,
      singleWriter: false,
      now: h.clock.now,
      log: () => undefined,
    });
    // The harness's own executor (which synced the function) stands aside meanwhile, once the
    // pass its drive() started (it may be firing the tick the last test left due) has settled.
    h.executor().pause();
    await h.executor().fireCrons();
    try {
      // This executor read the stored configs (a standby's view) but synced nothing itself.
      await stale.open();
      await stale.drive();
      await stale.fireCrons(); // the pass drive() starts ends before the clock moves
      const before = (await ticksOf()).length;
      toNextMinute();
      await stale.fireCrons();
      expect(stale.functions().some((f) => f.id === h.fnId("tick"))).toBe(true);
      expect(await ticksOf()).toHaveLength(before);
    } finally {
      await stale.stop();
      await h.executor().drive();
    }
  });
});
