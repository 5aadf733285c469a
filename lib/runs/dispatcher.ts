// Hands queued runs to the executor (embedded or Inngest) by sending one event per run. A live
// delivery is stored with a RunRequest, not a Run: the dispatcher creates the runs from the
// oldest requests, only as many as the executor has room for, in one transaction that also
// deletes those requests (so each becomes exactly one run, whichever app instance takes it). The
// Run row is then the outbox: marked dispatched only after the send succeeded. A crash in between
// re-sends the event; its id is the run id, so it starts once.
// Runs are sent in arrival order (ids are time-sortable) with the keys of the flow's ordering and
// concurrency settings (docs/engine.md), which the function's concurrency limits read.
import "server-only";
import { getDb, type Db } from "@/lib/db";
import { parseBody } from "@/lib/deliveries/parse-body";
import { newIds } from "@/lib/ids";
import { env } from "@/lib/env";
import { bookIn, bookSql, bookWrite } from "@/lib/engine/book";
import { RUN_REQUESTED, type RunRequestedData } from "@/lib/engine/events";
import { parseStoredDefinition, type FlowSettings } from "@/lib/flows/definition";
import { lookup } from "@/lib/flows/template";
import { getInngest } from "@/lib/inngest/client";
import { errField, log } from "@/lib/observability/log";
import type { ExecSql, Q } from "@/lib/sql/exec-sql";

const BATCH = 200;
/** Per flow with a concurrency limit: the runs this process gave each slot that may still be active. */
type SlotState = { next: number; runs: string[][] };
type State = {
  timer?: NodeJS.Timeout;
  busy: boolean;
  again: boolean;
  started: boolean;
  slots: Map<string, SlotState>;
  /** When the last pass started, and the pass a kick during the gap scheduled. */
  lastPass?: number;
  kicked?: NodeJS.Timeout;
  passes?: number;
  /** The pass under way in this process: passes run one at a time (dispatchPending). */
  tail?: Promise<unknown>;
};
const g = globalThis as unknown as { __hooklineDispatcher?: State };
const state: State = (g.__hooklineDispatcher ??= { busy: false, again: false, started: false, slots: new Map() });
state.slots ??= new Map();

type PendingRun = {
  id: string;
  flowId: string;
  flowVersionId: string | null;
  definition: string | null;
  deliveryId: string | null;
};

// Published versions never change: their settings are cached by version id.
const versionSettings = new Map<string, FlowSettings | null>();
async function settingsOf(db: Db, run: PendingRun): Promise<FlowSettings | null> {
  if (!run.flowVersionId) return run.definition ? (parseStoredDefinition(run.definition).settings ?? null) : null;
  if (!versionSettings.has(run.flowVersionId)) {
    const v = await db.flowVersion.findUnique({ where: { id: run.flowVersionId }, select: { definition: true } });
    if (versionSettings.size > 1000) versionSettings.clear();
    versionSettings.set(run.flowVersionId, v ? (parseStoredDefinition(v.definition).settings ?? null) : null);
  }
  return versionSettings.get(run.flowVersionId) ?? null;
}

const PENDING_SQL =
  'SELECT "id", "flowId", "flowVersionId", "definition", "deliveryId" FROM "Run" WHERE "dispatchedAt" IS NULL AND "status" = \'queued\' ORDER BY "id" ASC LIMIT ?';

/**
 * Creates queued runs from the `n` oldest run requests (delivery ids are time-sortable) and
 * deletes those requests, in one transaction; returns the runs, oldest first. Run ids are made
 * now, in the requests' order, so the search indexer (which tails run ids) and the dispatch order
 * see them as new runs. On PostgreSQL, requests another instance is turning into runs are skipped.
 * (Each request becomes one run; how many runs there is room for is dispatchPending's to say.)
 */
export async function createRequestedRuns(n: number): Promise<PendingRun[]> {
  const sql = bookSql();
  return sql.tx((q) => insertRequestedRuns(sql, q, n));
}

async function insertRequestedRuns(sql: ExecSql, q: Q, n: number): Promise<PendingRun[]> {
  const reqs = await q.all<{ deliveryId: string; flowId: string; flowVersionId: string }>(
    `SELECT "deliveryId", "flowId", "flowVersionId" FROM "RunRequest" ORDER BY "deliveryId" LIMIT ?${sql.postgres ? " FOR UPDATE SKIP LOCKED" : ""}`,
    [n],
  );
  if (reqs.length === 0) return [];
  const ids = newIds("run", reqs.length);
  const dids = reqs.map((r) => r.deliveryId);
  const cols = `"id", "workspaceId", "flowId", "flowVersionId", "deliveryId", "status", "eventType", "createdAt"`;
  const from = `r."workspaceId", r."flowId", r."flowVersionId", r."deliveryId", 'queued', r."eventType", r."createdAt" FROM "RunRequest" r`;
  if (sql.postgres)
    await q.run(
      `INSERT INTO "Run" (${cols}) SELECT v.id, ${from} JOIN unnest(?::text[], ?::text[]) AS v(id, did) ON r."deliveryId" = v.did`,
      [ids, dids],
    );
  else
    for (let i = 0; i < ids.length; i++)
      await q.run(`INSERT INTO "Run" (${cols}) SELECT ?, ${from} WHERE r."deliveryId" = ?`, [ids[i], dids[i]]);
  await q.run(`DELETE FROM "RunRequest" WHERE ${sql.inList('"deliveryId"')}`, [dids]);
  return reqs.map((r, i) => ({
    id: ids[i]!,
    flowId: r.flowId,
    flowVersionId: r.flowVersionId,
    definition: null,
    deliveryId: r.deliveryId,
  }));
}

const FINAL = ["succeeded", "failed", "cancelled"];

/** Forgets the runs that finished (or are gone), so a slot's count is its runs still queued or running. */
async function pruneSlots(db: Db, flowIds: string[]) {
  const tracked = flowIds.flatMap((f) =>
    Array.isArray(state.slots.get(f)?.runs) ? state.slots.get(f)!.runs.flat() : [],
  );
  if (tracked.length === 0) return;
  const active = new Set<string>();
  for (let i = 0; i < tracked.length; i += 500) {
    const rows = await db.run.findMany({
      where: { id: { in: tracked.slice(i, i + 500) }, status: { notIn: FINAL } },
      select: { id: true },
    });
    for (const r of rows) active.add(r.id);
  }
  for (const f of flowIds) {
    const st = state.slots.get(f);
    if (st && Array.isArray(st.runs)) st.runs = st.runs.map((ids) => ids.filter((id) => active.has(id)));
  }
}

/** The slot with the fewest unfinished runs (ties: round-robin), so a long or sleeping run does not hold up the rest. */
function pickSlot(flowId: string, n: number, runId: string): number {
  let st = state.slots.get(flowId);
  if (!st || !Array.isArray(st.runs) || st.runs.length !== n) {
    const old = Array.isArray(st?.runs) ? st.runs : [];
    st = { next: 0, runs: Array.from({ length: n }, (_, k) => old[k] ?? []) };
    state.slots.set(flowId, st);
  }
  let best = -1;
  for (let j = 0; j < n; j++) {
    const k = (st.next + j) % n;
    if (best < 0 || st.runs[k]!.length < st.runs[best]!.length) best = k;
  }
  st.runs[best]!.push(runId);
  st.next = (best + 1) % n;
  return best;
}

/**
 * The event data of each run. orderingKey: "<flow>:<value at the flow's orderingKey path>" (runs
 * with the same value run one at a time, in arrival order); concurrencyKey: one of the flow's N
 * slots, "<flow>#<k>", the one with the fewest unfinished runs. A run without either has no limit:
 * for the embedded executor the key is left out (a run without a key's value is not held by that
 * limit, so it costs no key rows and no admission); for an external Inngest it is a key of the
 * run's own, "run:<id>" (what Inngest does with a missing key is not documented).
 */
export async function eventKeys(
  db: Db,
  runs: PendingRun[],
  external = env().executor === "external",
): Promise<RunRequestedData[]> {
  const settings = await Promise.all(runs.map((r) => settingsOf(db, r)));
  const limited = [...new Set(runs.filter((_, i) => settings[i]?.concurrency).map((r) => r.flowId))];
  if (limited.length) await pruneSlots(db, limited);
  const needBody = runs.filter((r, i) => settings[i]?.orderingKey && r.deliveryId).map((r) => r.deliveryId!);
  const bodies = new Map<string, unknown>();
  if (needBody.length) {
    const rows = await db.delivery.findMany({
      where: { id: { in: needBody } },
      select: { id: true, body: true, contentType: true },
    });
    for (const d of rows) {
      const parsed = parseBody(d.contentType, d.body);
      bodies.set(
        d.id,
        parsed.kind === "json" || parsed.kind === "form" || parsed.kind === "xml" ? parsed.value : undefined,
      );
    }
  }
  return runs.map((r, i) => {
    const s = settings[i];
    const own = external ? `run:${r.id}` : undefined;
    let orderingKey = own;
    let concurrencyKey = own;
    if (s?.orderingKey && r.deliveryId) {
      const found = lookup(bodies.get(r.deliveryId), s.orderingKey.split("."));
      if (found.found && found.value !== null && found.value !== undefined) {
        orderingKey = `${r.flowId}:${typeof found.value === "object" ? JSON.stringify(found.value) : String(found.value)}`;
      }
    }
    if (s?.concurrency) concurrencyKey = `${r.flowId}#${pickSlot(r.flowId, s.concurrency, r.id)}`;
    return { runId: r.id, orderingKey, concurrencyKey };
  });
}

// Backpressure (embedded executor only): runs are created and handed over only while the executor
// has fewer than HIGH_WATER jobs due (lib/executor/executor.ts dueJobs). The rest wait as run
// requests, so a burst of deliveries costs the engine nothing until it has room (neither the Run
// rows with their indexes nor, on SQLite, the write lock they would take from ingest thousands of
// times a second), and the queue drains at its pace.
// An external Inngest has a queue of its own: everything is sent at once.
export const HIGH_WATER = 1000;
type BacklogProbe = () => Promise<number>;
const probe = globalThis as unknown as { __hooklineDispatchBacklog?: BacklogProbe };

/** The embedded executor registers how many jobs it has due (lib/background.ts); returns the probe it replaces. */
export function setExecutorBacklog(fn: BacklogProbe | undefined): BacklogProbe | undefined {
  const before = probe.__hooklineDispatchBacklog;
  probe.__hooklineDispatchBacklog = fn;
  return before;
}

/** Jobs the executor has due (0 without a probe: an external Inngest, or none registered yet). */
const backlog = async () => (probe.__hooklineDispatchBacklog ? await probe.__hooklineDispatchBacklog() : 0);

// Passes of all instances on one PostgreSQL database take this lock (transaction-scoped) to size
// and create a batch; the executor's admission lock is 7_240_011 (lib/executor/store.ts).
const DISPATCH_LOCK = 7_240_012;

/**
 * The runs to send now: runs already queued and not yet sent, oldest first, then new runs from
 * the oldest requests, no more in all than the executor has room for. `limit` is the room the
 * pass saw before.
 *
 * Room is only room if no other pass fills it meanwhile: two passes that both read the backlog
 * before either's runs reached the executor would each fill it (with 4 free, one pass creates 4
 * runs and the other 4 more from what is left). So sizing and creating is one critical section:
 * this process's passes run one at a time (dispatchPending), and on PostgreSQL, where every
 * instance dispatches, it holds DISPATCH_LOCK. (On SQLite one process per database dispatches.)
 * Inside it the queued runs not yet sent are read BEFORE the backlog: a run is sent to the
 * executor (its job counts in the backlog) before it is marked sent, so a run another pass is
 * sending meanwhile is counted at least once, as unsent or as a job, never missed. (Counted
 * twice, it only makes this batch smaller; sent twice, it starts once: its event id is its id.)
 */
export async function claimRuns(limit: number): Promise<{ runs: PendingRun[]; room: number }> {
  const sql = bookSql();
  const claim = async (q: Q, create: (n: number) => Promise<PendingRun[]>) => {
    const pending = await q.all<PendingRun>(PENDING_SQL, [limit]);
    const room = Math.min(limit, HIGH_WATER - (await backlog()));
    if (room <= 0) return { runs: [], room };
    // `pending` holds every unsent run when it has fewer than `limit`; otherwise none are created.
    const runs = pending.slice(0, room);
    if (runs.length < room) runs.push(...(await create(room - runs.length)));
    return { runs, room };
  };
  if (sql.postgres) {
    return sql.tx(async (q) => {
      await q.all(`SELECT pg_advisory_xact_lock(${DISPATCH_LOCK})`);
      return claim(q, (n) => insertRequestedRuns(sql, q, n));
    });
  }
  // SQLite: a write transaction must be one synchronous stretch (lib/sql/exec-sql.ts), and the
  // backlog probe awaits another connection: the runs are created in a transaction of their own
  // (this process's passes are already one at a time).
  return claim(sql, (n) => sql.tx((q) => insertRequestedRuns(sql, q, n)));
}

/** One pass: sends runs while the executor has room (then returns how many). One pass at a time per process. */
export function dispatchPending(): Promise<number> {
  const pass = (state.tail ?? Promise.resolve()).then(dispatchNow, dispatchNow);
  state.tail = pass.catch(() => undefined);
  return pass;
}

async function dispatchNow(): Promise<number> {
  const db = await getDb();
  let total = 0;
  for (;;) {
    // No room, no transaction: a pass during a backlog is one probe.
    const free = Math.min(BATCH, HIGH_WATER - (await backlog()));
    if (free <= 0) return total;
    // Raw SQL on the engine's bookkeeping connection (lib/engine/book.ts). Runs already queued
    // first (replays, resumed held runs, draft runs, a batch a crash left unsent), then new ones
    // from the oldest requests.
    const { runs, room } = await claimRuns(free);
    if (runs.length === 0) return total;
    const data = await eventKeys(db, runs);
    await getInngest().send(data.map((d) => ({ id: d.runId, name: RUN_REQUESTED, data: d })));
    await bookWrite(`UPDATE "Run" SET "dispatchedAt" = ? WHERE ${bookIn('"id"')}`, [new Date(), runs.map((r) => r.id)]);
    total += runs.length;
    if (runs.length < room) return total;
  }
}

// Passes start at most every PASS_GAP_MS however often the dispatcher is kicked: during a flood
// the web process kicks after every group commit (hundreds of times a second), and a pass each
// time cost a backlog count and, with room, a transaction creating a handful of runs (on SQLite
// taking the write lock from ingest each time). Paced, a pass finds the runs of ~25 ms at once;
// a lone delivery still starts at once (no pass ran in the gap before it).
export const PASS_GAP_MS = 25;

async function loop() {
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  state.again = false;
  state.lastPass = Date.now();
  state.passes = (state.passes ?? 0) + 1;
  try {
    await dispatchPending();
  } catch (e) {
    log("dispatcher").error(errField(e), "handing runs to the executor failed; the next pass retries");
  } finally {
    state.busy = false;
  }
  // Kicked during the pass: the runs queued meanwhile go in the next one.
  if (state.again) kickDispatcher();
}

/** Passes started since this process began (for tests of the pacing). */
export const dispatcherPasses = () => state.passes ?? 0;

/** Called after a delivery is stored: dispatch now (or after the pacing gap) instead of at the next poll. */
export function kickDispatcher() {
  if (!state.started || state.kicked) return;
  if (state.busy) {
    state.again = true;
    return;
  }
  state.kicked = setTimeout(kicked, Math.max(0, (state.lastPass ?? 0) + PASS_GAP_MS - Date.now()));
}

function kicked() {
  state.kicked = undefined;
  if (state.started) void loop();
}

export function startDispatcher(pollMs = 1000) {
  if (state.started) return;
  state.started = true;
  state.timer = setInterval(() => void loop(), pollMs);
  state.timer.unref();
  kickDispatcher();
}

export function stopDispatcher() {
  state.started = false;
  if (state.timer) clearInterval(state.timer);
  if (state.kicked) clearTimeout(state.kicked);
  state.kicked = undefined;
}
