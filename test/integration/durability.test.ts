// The durability contract of lib/db.ts: transactions inside durably() are fsynced before they
// commit; other writes commit without waiting for the disk (crash-safe, see the comment there).
import { describe, expect, inject, it } from "vitest";
import { durably, getDb } from "@/lib/db";

const sqlite = inject("database") === "sqlite";

async function syncSetting(inTx: boolean, durable: boolean): Promise<string> {
  const db = await getDb();
  const read = async (q: { $queryRawUnsafe: typeof db.$queryRawUnsafe }) => {
    const rows = await q.$queryRawUnsafe<Record<string, unknown>[]>(sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit");
    return String(Object.values(rows[0]!)[0]);
  };
  if (!inTx) return read(db);
  const run = () => db.$transaction(async (tx) => {
    if (!sqlite && durable) await tx.$executeRawUnsafe("SET LOCAL synchronous_commit = on");
    return read(tx);
  });
  return durable ? durably(run) : run();
}

describe(`durable commits (${inject("database")})`, () => {
  it("fsyncs a durable transaction and only that", async () => {
    const [full, normal] = sqlite ? ["2", "1"] : ["on", "off"];
    expect(await syncSetting(true, true)).toBe(full);
    expect(await syncSetting(true, false)).toBe(normal);
    expect(await syncSetting(false, false)).toBe(normal);
    // And again after transactions have switched connections underneath.
    expect(await syncSetting(true, true)).toBe(full);
    expect(await syncSetting(false, false)).toBe(normal);
  });
});
