// Hands queued runs to the executor (embedded or Inngest) by sending one event per run. The Run
// row is the outbox: it is written with its delivery, and marked dispatched only after the send
// succeeded. A crash in between re-sends the event; its id is the run id, so it starts once.
import "server-only";
import { getDb } from "@/lib/db";
import { RUN_REQUESTED } from "@/lib/engine/events";
import { getInngest } from "@/lib/inngest/client";

const BATCH = 200;
type State = { timer?: NodeJS.Timeout; busy: boolean; again: boolean; started: boolean };
const g = globalThis as unknown as { __hooklineDispatcher?: State };
const state = (g.__hooklineDispatcher ??= { busy: false, again: false, started: false });

export async function dispatchPending(): Promise<number> {
  const db = await getDb();
  let total = 0;
  for (;;) {
    const runs = await db.run.findMany({ where: { dispatchedAt: null, status: "queued" }, orderBy: { id: "asc" }, take: BATCH, select: { id: true } });
    if (runs.length === 0) return total;
    await getInngest().send(runs.map((r) => ({ id: r.id, name: RUN_REQUESTED, data: { runId: r.id } })));
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
