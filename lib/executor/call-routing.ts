// Where the executor sends a call while a steps helper takes part of them
// (lib/executor/executor.ts routeCalls; scripts/steps-helper.ts): a pure rule on the calls in
// flight at each endpoint, so it is tested on its own.

/**
 * A call goes to the configured endpoint (the engine process, when it serves the steps itself)
 * while that one has at most 1/OWN_SHARE_DIVISOR as many calls in flight as the helper: at equal
 * speed it takes a third of them, and fewer when the executor's own work slows it, which keeps
 * that event loop free enough for the executor. A tie goes to the own endpoint, so one call at a
 * time never reaches the helper, which then leaves once idle. Measured on 2 cores, PostgreSQL,
 * 3-step runs/s: every call to the helper 247–273 (its one core saturated while the engine idled
 * at a third), the divisor 1 → 360, 1.5 → 346, 2 → 322–404, 3 → 371; one listening port shared by
 * both processes (the kernel's split, about half each) 275 (docs/benchmarks.md).
 */
export const OWN_SHARE_DIVISOR = 2;

export type CallTarget = "own" | "helper";

export function callTarget(ownInFlight: number, helperInFlight: number): CallTarget {
  return ownInFlight * OWN_SHARE_DIVISOR <= helperInFlight ? "own" : "helper";
}
