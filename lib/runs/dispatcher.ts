// Hands queued runs to the executor (embedded or Inngest) by sending one event per run. The Run
// row is the outbox: it is written with its delivery, and marked dispatched only after the send
// succeeded. A crash in between re-sends the event; its id is the run id, so it starts once.
// Runs are sent in arrival order (ids are time-sortable) with the keys of the flow's ordering and
// concurrency settings (docs/engine.md), which the function's concurrency limits read.
import "server-only";
import { getDb, type Db } from "@/lib/db";
import { RUN_REQUESTED, type RunRequestedData } from "@/lib/engine/events";
import { parseStoredDefinition, type FlowSettings } from "@/lib/flows/definition";
import { lookup } from "@/lib/flows/template";
import { getInngest } from "@/lib/inngest/client";
import { parseBody } from "@/lib/webhooks/parse-body";

const BATCH = 200;
type State = { timer?: NodeJS.Timeout; busy: boolean; again: boolean; started: boolean; slots: Map<string, number> };
const g = globalThis as unknown as { __hooklineDispatcher?: State };
const state: State = (g.__hooklineDispatcher ??= { busy: false, again: false, started: false, slots: new Map() });
state.slots ??= new Map();

type PendingRun = { id: string; flowId: string; flowVersionId: string | null; definition: string | null; deliveryId: string | null };

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

/**
 * The event data of each run. orderingKey: "<flow>:<value at the flow's orderingKey path>" (runs
 * with the same value run one at a time, in arrival order); concurrencyKey: one of the flow's N
 * slots, "<flow>#<k>", given round-robin. A run without either gets a key of its own (no limit).
 */
export async function eventKeys(db: Db, runs: PendingRun[]): Promise<RunRequestedData[]> {
  const settings = await Promise.all(runs.map((r) => settingsOf(db, r)));
  const needBody = runs.filter((r, i) => settings[i]?.orderingKey && r.deliveryId).map((r) => r.deliveryId!);
  const bodies = new Map<string, unknown>();
  if (needBody.length) {
    const rows = await db.delivery.findMany({ where: { id: { in: needBody } }, select: { id: true, body: true, contentType: true } });
    for (const d of rows) {
      const parsed = parseBody(d.contentType, d.body);
      bodies.set(d.id, parsed.kind === "json" || parsed.kind === "form" || parsed.kind === "xml" ? parsed.value : undefined);
    }
  }
  return runs.map((r, i) => {
    const s = settings[i];
    let orderingKey = `run:${r.id}`;
    let concurrencyKey = `run:${r.id}`;
    if (s?.orderingKey && r.deliveryId) {
      const found = lookup(bodies.get(r.deliveryId), s.orderingKey.split("."));
      if (found.found && found.value !== null && found.value !== undefined) {
        orderingKey = `${r.flowId}:${typeof found.value === "object" ? JSON.stringify(found.value) : String(found.value)}`;
      }
    }
    if (s?.concurrency) {
      const slot = state.slots.get(r.flowId) ?? 0;
      state.slots.set(r.flowId, (slot + 1) % s.concurrency);
      concurrencyKey = `${r.flowId}#${slot}`;
    }
    return { runId: r.id, orderingKey, concurrencyKey };
  });
}

export async function dispatchPending(): Promise<number> {
  const db = await getDb();
  let total = 0;
  for (;;) {
    const runs = await db.run.findMany({
      where: { dispatchedAt: null, status: "queued" },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, flowId: true, flowVersionId: true, definition: true, deliveryId: true },
    });
    if (runs.length === 0) return total;
    const data = await eventKeys(db, runs);
    await getInngest().send(data.map((d) => ({ id: d.runId, name: RUN_REQUESTED, data: d })));
    await db.run.updateMany({ where: { id: { in: runs.map((r) => r.id) } }, data: { dispatchedAt: new Date() } });
    total += runs.length;
    if (runs.length < BATCH) return total;
  }
}

async function loop() {
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  try {
    do {
      state.again = false;
      await dispatchPending();
    } while (state.again);
  } catch (e) {
    console.error(`[dispatcher] send failed, will retry: ${(e as Error).message}`);
  } finally {
    state.busy = false;
  }
}

/** Called after a delivery is stored: dispatch now instead of at the next poll. */
export function kickDispatcher() {
  if (state.started) setImmediate(() => void loop());
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
}
