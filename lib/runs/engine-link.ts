// The web process's link to the engine: after a delivery queued a run (or a replay, a retry, a resume did), the dispatcher is kicked so
// the run starts now instead of at its next poll. Under `npm start` the dispatcher and executor
// live in the engine process (scripts/engine-process.ts), and scripts/server.ts registers a kick
// that messages it; elsewhere (next dev, tests) they run in this process.
import "server-only";
import { kickDispatcher } from "./dispatcher";

/** holdsLease: the engine process's executor holds the database's executor lease (lib/executor/lease.ts). */
export type EngineProcessLink = { synced: boolean; holdsLease?: boolean; kick: () => void };
const g = globalThis as unknown as { __hooklineEngineProcess?: EngineProcessLink };

export const engineProcess = (): EngineProcessLink | undefined => g.__hooklineEngineProcess;

export function setEngineProcess(link: EngineProcessLink | undefined) {
  g.__hooklineEngineProcess = link;
}

export function kickRuns() {
  const p = g.__hooklineEngineProcess;
  if (p) p.kick();
  else kickDispatcher();
}
