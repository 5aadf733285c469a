// The durability contract of lib/db.ts: transactions inside durably() are fsynced before they
// commit; other writes commit without waiting for the disk (crash-safe, see the comment there).
import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { durably, getDb, sqliteFile } from "@/lib/db";

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

// A transaction that reads and then writes while another process commits: under SQLite's DEFERRED
// begin, the write fails at once with SQLITE_BUSY (its snapshot is stale, the busy timeout does not
// apply). lib/db.ts begins every transaction IMMEDIATE, so the other writer waits instead.
describe.runIf(sqlite)("transactions against another process's writes (sqlite)", () => {
  it("a read-then-write transaction does not fail when another process writes meanwhile", async () => {
    const db = await getDb();
    const file = sqliteFile(process.env.DATABASE_URL!);
    const key = `other-${crypto.randomUUID()}`;
    let other: ChildProcess | undefined;
    let otherDone: Promise<number | null> | undefined;
    await db.$transaction(async (tx) => {
      await tx.instanceSetting.count(); // the transaction's snapshot starts here
      const script = `const D=require("libsql");const d=new D(process.argv[1],{timeout:10000});console.log("writing");d.prepare('INSERT INTO "InstanceSetting" (key,value,updatedAt) VALUES (?,?,?)').run(process.argv[2],"x",new Date().toISOString());d.close()`;
      other = spawn(process.execPath, ["-e", script, file, key], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
      otherDone = new Promise((r) => other!.once("exit", r));
      await new Promise<void>((r) => other!.stdout!.once("data", () => r()));
      await new Promise((r) => setTimeout(r, 300)); // its INSERT has run (deferred) or is waiting (immediate)
      await tx.instanceSetting.create({ data: { key: `tx-${key}`, value: "y" } });
    });
    expect(await otherDone).toBe(0);
    const keys = (await db.instanceSetting.findMany({ where: { key: { in: [key, `tx-${key}`] } } })).map((r) => r.key).sort();
    expect(keys).toEqual([key, `tx-${key}`]);
    await db.instanceSetting.deleteMany({ where: { key: { in: keys } } });
  });
});
