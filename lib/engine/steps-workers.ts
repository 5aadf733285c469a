// How many worker processes the steps process runs by default (HOOKLINE_STEPS_WORKERS overrides).
// One per core, at most 8, as a node:cluster; but one alone on a machine of two cores or fewer,
// which listens itself (no cluster primary): a small machine's idle `npm start` is two processes
// and ~110 MB lighter (the primary and the second worker were ~60 MB each). On exactly two cores a
// second process joins it under load and leaves when idle (scripts/steps-process.ts): one steps
// process was the engine's bottleneck on two cores (docs/executor.md).

export function defaultStepsWorkers(cores: number): number {
  if (cores <= 2) return 1;
  return Math.min(cores, 8);
}

/** Whether a lone steps process may fork a helper under load: on two cores, unless the operator chose the count. */
export function stepsHelperAllowed(cores: number, configured: number | undefined): boolean {
  return configured === undefined && cores === 2;
}

/** Event-loop utilization of the steps process, over each of HELPER_BUSY_SECONDS seconds in a row, that forks the helper. */
export const HELPER_BUSY_ELU = 0.6;
export const HELPER_BUSY_SECONDS = 2;
/** The helper leaves after this long without a call. */
export const HELPER_IDLE_MS = 30_000;

/** The scaling rule, one sample a second: fork the helper once the loop has been this busy for long enough. */
export function busyStreak(streak: number, elu: number): number {
  return elu >= HELPER_BUSY_ELU ? streak + 1 : 0;
}
