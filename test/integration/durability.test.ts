// The durability contract of lib/db.ts: transactions inside durably() are fsynced before they
// commit; other writes commit without waiting for the disk (crash-safe, see the comment there).
import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { durably, getDb, sqliteFile } from "@/lib/db";

const sqlite = inject("database") === "sqlite";

async function syncSetting(inTx: boolean, durable: boolean): Promise<string> {
  const db = await getDb();
  const read = async (q: { $queryRawUnsafe: typeof db.$queryRawUnsafe }) => {
    const rows = await q.$queryRawUnsafe<Record<string, unknown>[]>(
      sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit",
    );
    return String(Object.values(rows[0]!)[0]);
  };
  if (!inTx) return read(db);
  const run = () =>
    db.$transaction(async (tx) => {
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
      other = spawn(process.execPath, ["-e", script, file, key], {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "inherit"],
      });
      otherDone = new Promise((r) => other!.once("exit", r));
      await new Promise<void>((r) => other!.stdout!.once("data", () => r()));
      await new Promise((r) => setTimeout(r, 300)); // its INSERT has run (deferred) or is waiting (immediate)
      await tx.instanceSetting.create({ data: { key: `tx-${key}`, value: "y" } });
    });
    expect(await otherDone).toBe(0);
    const keys = (await db.instanceSetting.findMany({ where: { key: { in: [key, `tx-${key}`] } } }))
      .map((r) => r.key)
      .sort();
    expect(keys).toEqual([key, `tx-${key}`]);
    await db.instanceSetting.deleteMany({ where: { key: { in: keys } } });
  });
});

// The WAL is checkpointed by one thread beside the background (lib/wal-checkpointer.ts), in small
// steps, never by a connection that commits: the app's connections leave it alone.
describe.runIf(sqlite)("WAL checkpoints (sqlite)", () => {
  it("the app's connections never checkpoint; the checkpointer thread does, and stops", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { openSqlite } = await import("@/lib/sql/exec-sql");
    const { startWalCheckpointer } = await import("@/lib/wal-checkpointer");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hookline-wal-")), "wal.db");
    const conn = openSqlite(file);
    await conn.run(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "pad" TEXT)`);
    const size = () => fs.statSync(file).size;
    const pad = "x".repeat(4000);
    // ~6 MB: past SQLite's own checkpoint threshold (1,000 pages), which it would have crossed.
    for (let i = 0; i < 15; i++)
      await conn.tx(async (q) => {
        for (let k = 0; k < 100; k++) await q.run(`INSERT INTO "T" ("pad") VALUES (?)`, [pad]);
      });
    const before = size();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(5_000_000);
    expect(before).toBeLessThan(100_000); // everything is still in the WAL

    const stop = startWalCheckpointer(file, 50);
    await expect.poll(size, { timeout: 5_000 }).toBeGreaterThan(5_000_000); // copied into the database file
    await stop();
    const after = size();
    for (let i = 0; i < 3; i++)
      await conn.tx(async (q) => {
        for (let k = 0; k < 100; k++) await q.run(`INSERT INTO "T" ("pad") VALUES (?)`, [pad]);
      });
    await new Promise((r) => setTimeout(r, 300));
    expect(size()).toBe(after); // stopped: nothing more is copied
    expect((await conn.all<{ n: number }>(`SELECT count(*) AS "n" FROM "T"`))[0]!.n).toBe(1800);
    await conn.close();
  });

  it("Prisma's connections leave checkpoints alone too, also after a transaction switched connections", async () => {
    const db = await getDb();
    const setting = async (q: { $queryRawUnsafe: typeof db.$queryRawUnsafe }) =>
      Number(Object.values((await q.$queryRawUnsafe<Record<string, unknown>[]>("PRAGMA wal_autocheckpoint"))[0]!)[0]);
    expect(await setting(db)).toBe(0);
    expect(await db.$transaction((tx) => setting(tx))).toBe(0);
    expect(await setting(db)).toBe(0);
    expect(await durably(() => db.$transaction((tx) => setting(tx)))).toBe(0);
    expect(await setting(db)).toBe(0);
  });
});
