// The executor's notion of "now" for scheduling (retry backoff, sleeps, leases, due jobs). Tests
// replace it to live through a 10-minute outage in milliseconds. Request signatures always use
// the real time: the SDK refuses signatures older than 5 minutes.
type Clock = () => number;

const g = globalThis as unknown as { __hooklineExecutorClock?: Clock };

export const executorNow = (): number => (g.__hooklineExecutorClock ?? Date.now)();

/** Tests: schedule by `clock` instead of Date.now (pass null to go back to real time). */
export function setExecutorClock(clock: Clock | null) {
  g.__hooklineExecutorClock = clock ?? undefined;
}

/** Tests: a clock that runs with real time plus an offset that `advance` moves forward. */
export function offsetClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms), offset: () => offset };
}
