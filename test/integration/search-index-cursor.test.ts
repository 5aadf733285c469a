// The search index cursor (HistoryCursor "search") with more than one indexer on a database: two
// app instances, or the background loop and a caller. A pass reads the cursor, indexes past it and
// then moves it; if the cursor changed meanwhile (lowered to re-index, or moved by another pass),
// a pass that wrote what it had read would undo that. Here another connection lowers the cursor
// while a pass is between its read and its write (held there by a lock on RunSearchToken).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { describe, expect, inject, it } from "vitest";
import { getDb, sqliteFile, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { listRuns } from "@/lib/runs/list-runs";
import { indexedUpTo, indexPendingRuns, SEARCH_CURSOR } from "@/lib/runs/search-index";
import { idAt, idTime } from "@/lib/runs/sql";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

const DAY = 86_400_000;
const ALL = { settleMs: 0, maxRuns: Number.MAX_SAFE_INTEGER };
const rnd = () => Array.from(randomBytes(12), (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
const idAtTime = (prefix: string, ms: number) => `${prefix}_${ms.toString(36).padStart(9, "0")}${rnd()}`;

async function makeFlow() {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `search cursor (${inject("database")})` });
  const definition = {
    schemaVersion: 1 as const,
    nodes: [{ id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: {} } }],
    edges: [],
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  const db = await getDb();
  const version = await db.flowVersion.findFirstOrThrow({ where: { flowId: flow.id }, orderBy: { number: "desc" } });
  return { ws, flowId: flow.id, versionId: version.id, endpointId: flow.endpoints.find((e) => e.kind === "live")!.id };
}

async function seedRun(f: Awaited<ReturnType<typeof makeFlow>>, at: number, body: unknown) {
  const db = await getDb();
  const dId = idAtTime("dlv", at);
  const raw = JSON.stringify(body);
  await db.delivery.create({
    data: {
      id: dId,
      workspaceId: f.ws,
      flowId: f.flowId,
      endpointId: f.endpointId,
      method: "POST",
      headers: "{}",
      body: Buffer.from(raw),
      contentType: "application/json",
      receivedAt: new Date(at),
      verdict: "accepted",
      size: raw.length,
    },
  });
  const id = idAtTime("run", at);
  await db.run.create({
    data: {
      id,
      workspaceId: f.ws,
      flowId: f.flowId,
      flowVersionId: f.versionId,
      deliveryId: dId,
      status: "succeeded",
      createdAt: new Date(at),
      startedAt: new Date(at),
      finishedAt: new Date(at),
    },
  });
  return id;
}

/**
 * Another connection, in one transaction, sets the cursor to `lastId` and locks RunSearchToken
 * against writes; `release` commits once `pass` has read the cursor and is waiting on the lock.
 */
async function lowerCursorDuring(lastId: string, pass: () => Promise<number>) {
  if (usingPostgres()) {
    const pg = new Client({ connectionString: env().DATABASE_URL });
    await pg.connect();
    try {
      await pg.query("BEGIN");
      await pg.query(`UPDATE "HistoryCursor" SET "lastId" = $1 WHERE "id" = $2`, [lastId, SEARCH_CURSOR]);
      await pg.query(`LOCK TABLE "RunSearchToken" IN EXCLUSIVE MODE`);
      const running = pass();
      // The pass read the committed cursor and now waits to insert its tokens.
      const waiting = async () =>
        (
          await pg.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = '"RunSearchToken"'::regclass`,
          )
        ).rows[0].n > 0;
      const until = Date.now() + 20_000;
      while (!(await waiting())) {
        if (Date.now() > until) throw new Error("the pass never waited on RunSearchToken");
        await new Promise((r) => setTimeout(r, 20));
      }
      await pg.query("COMMIT");
      return await running;
    } finally {
      await pg.end();
    }
  }
  // SQLite: another process holds the write lock (the pass's token insert waits on it, in the
  // busy timeout) and commits the lowered cursor after a while.
  const script = `const D=require("libsql");const d=new D(process.argv[1],{timeout:10000});d.exec("BEGIN IMMEDIATE");d.prepare('UPDATE "HistoryCursor" SET "lastId" = ? WHERE "id" = ?').run(process.argv[2],process.argv[3]);console.log("held");setTimeout(()=>{d.exec("COMMIT");d.close()},1500)`;
  const other = spawn(process.execPath, ["-e", script, sqliteFile(env().DATABASE_URL), lastId, SEARCH_CURSOR], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((r) => other.once("exit", r));
  await new Promise<void>((r) => other.stdout!.once("data", () => r()));
  const indexed = await pass();
  expect(await exited).toBe(0);
  return indexed;
}

/** Many runs at once (ids given, in id order), each with a delivery whose JSON body is `bodyOf(i)`. */
async function seedRuns(f: Awaited<ReturnType<typeof makeFlow>>, ids: string[], bodyOf: (i: number) => unknown) {
  const db = await getDb();
  const deliveries = ids.map((id, i) => {
    const raw = JSON.stringify(bodyOf(i));
    return {
      id: id.replace("run_", "dlv_"),
      workspaceId: f.ws,
      flowId: f.flowId,
      endpointId: f.endpointId,
      method: "POST",
      headers: "{}",
      body: Buffer.from(raw),
      contentType: "application/json",
      receivedAt: new Date(idTime(id)),
      verdict: "accepted",
      size: raw.length,
    };
  });
  await db.delivery.createMany({ data: deliveries });
  await db.run.createMany({
    data: ids.map((id, i) => ({
      id,
      workspaceId: f.ws,
      flowId: f.flowId,
      flowVersionId: f.versionId,
      deliveryId: deliveries[i]!.id,
      status: "succeeded",
      createdAt: new Date(idTime(id)),
    })),
  });
}

describe(`search index cursor (${inject("database")})`, () => {
  it("a pass that read the cursor before it was lowered does not move it back up: the lowered range is re-indexed", async () => {
    const db = await getDb();
    const f = await makeFlow();
    const now = Date.now();
    await seedRun(f, now - 2_000, { id: "evt_mid" });
    await indexPendingRuns(ALL); // the cursor is past every run so far (and exists)
    // Below the cursor and not indexed (as if the index were dropped), older than the late-run window.
    const old = await seedRun(f, now - 3 * DAY, { id: "evt_old", customer: "cus_Relowered7" });
    // Past the cursor: the concurrent pass has runs to index, so it writes the cursor.
    const fresh = await seedRun(f, now - 1_000, { id: "evt_fresh" });
    expect(await db.runSearchToken.count({ where: { runId: old } })).toBe(0);
    const from = idAt("run", idTime(old) - 1);
    await lowerCursorDuring(from, () => indexPendingRuns(ALL));
    // The cursor is never past a run that is not indexed: the lowered range was re-indexed, or the
    // cursor is still below it for the next pass.
    const indexedOld = await db.runSearchToken.count({ where: { runId: old, token: "cus_relowered7" } });
    expect({ cursorPastOld: (await indexedUpTo()) >= old, indexedOld }).not.toEqual({
      cursorPastOld: true,
      indexedOld: 0,
    });
    await indexPendingRuns(ALL);
    expect(await db.runSearchToken.count({ where: { runId: old, token: "cus_relowered7" } })).toBe(1);
    expect(await db.runSearchToken.count({ where: { runId: fresh, token: "evt_fresh" } })).toBe(1);
    expect((await indexedUpTo()) >= fresh).toBe(true);
  });

  it("a payload value holding a NUL character is indexed without it and does not stop the pass", async () => {
    const f = await makeFlow();
    const db = await getDb();
    const now = Date.now();
    // A JSON string may carry "\u0000"; PostgreSQL's text refuses it, which failed the whole pass.
    const poisoned = await seedRun(f, now - 2_000, { id: "evt_nul", note: "nul\u0000here", customer: "cus_AfterNul9" });
    const after = await seedRun(f, now - 1_000, { id: "evt_after_nul", customer: "cus_BehindNul8" });
    const from = idAt("run", idTime(poisoned) - 1);
    await db.historyCursor.upsert({
      where: { id: SEARCH_CURSOR },
      create: { id: SEARCH_CURSOR, lastId: from },
      update: { lastId: from },
    });
    await indexPendingRuns(ALL);
    expect(await db.runSearchToken.count({ where: { runId: poisoned, token: "nulhere" } })).toBe(1);
    expect(await db.runSearchToken.count({ where: { runId: after, token: "cus_behindnul8" } })).toBe(1);
  });

  it("a run that committed behind the cursor is indexed even when 200 runs before it in the late window carry no value", async () => {
    const db = await getDb();
    const f = await makeFlow();
    const now = Date.now();
    // 250 runs whose payloads hold no searchable value (single digits): indexed, they have no
    // tokens, so to the late-run sweep they looked like runs never indexed, and it took the oldest
    // 200 of those each pass, for ever: it never reached a late run newer than them.
    const ids = Array.from({ length: 250 }, (_, i) => idAtTime("run", now - 10_000 + i));
    await seedRuns(f, ids, (i) => ({ n: i % 10 }));
    await seedRun(f, now - 1_000, { id: "evt_ahead_of_late" });
    await indexPendingRuns(ALL);
    // An id taken after those runs, its transaction committed only now, behind the cursor.
    const late = await seedRun(f, now - 5_000, { id: "evt_late_behind_empty", customer: "cus_BehindEmpty3" });
    expect(late < (await indexedUpTo())).toBe(true);
    await indexPendingRuns(ALL);
    expect(await db.runSearchToken.count({ where: { runId: late, token: "cus_behindempty3" } })).toBe(1);
    expect((await listRuns(f.ws, f.flowId, { limit: 10, q: "cus_BehindEmpty3" })).items.map((r) => r.id)).toEqual([
      late,
    ]);
  });

  it("two passes at once: neither loses the other's work and the cursor ends past both", async () => {
    const db = await getDb();
    const f = await makeFlow();
    const now = Date.now();
    const ids: string[] = [];
    // 450 runs past the cursor (more than one chunk; one per millisecond, so `ids` is in id order),
    // indexed by two passes running together.
    for (let i = 0; i < 450; i++) ids.push(idAtTime("run", now - 450 + i));
    await seedRuns(f, ids, (i) => ({ n: `pair_${i}` }));
    await Promise.all([indexPendingRuns(ALL), indexPendingRuns(ALL)]);
    expect(await db.runSearchToken.count({ where: { runId: { in: ids }, token: { startsWith: "pair_" } } })).toBe(450);
    expect((await indexedUpTo()) >= ids.at(-1)!).toBe(true);
  });
});
