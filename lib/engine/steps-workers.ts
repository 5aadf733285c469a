// Where the steps run under `npm start` with the embedded executor (HOOKLINE_STEPS_WORKERS overrides).
// On more than two cores: a steps process, a node:cluster of one worker per core (at most 8). On
// two cores or fewer: in the engine process itself, beside the executor (an idle app is one
// process and ~55 MB lighter than with a lone steps process, which was ~110 MB lighter than a
// cluster). On exactly two cores a helper process joins the engine under load and takes most of
// the executor's calls on a loopback port of its own, and leaves when idle (scripts/steps-helper.ts):
// the steps alone were the engine's bottleneck on two cores (docs/executor.md).

/** Whether the steps get a process of their own: more than two cores, or a count the operator chose. */
export function stepsProcessWanted(cores: number, configured: number | undefined): boolean {
  return configured !== undefined || cores > 2;
}

/** Workers of the steps process when it runs (one per core, at most 8), unless the operator chose the count. */
export function defaultStepsWorkers(cores: number): number {
  return Math.max(1, Math.min(cores, 8));
}

/** Whether the engine process, serving the steps itself, may fork a helper under load: on two cores, unless the operator chose a steps process. */
export function stepsHelperAllowed(cores: number, configured: number | undefined): boolean {
  return configured === undefined && cores === 2;
}

/** Event-loop utilization of the process serving the steps, over each of HELPER_BUSY_SECONDS seconds in a row, that forks the helper. */
export const HELPER_BUSY_ELU = 0.6;
export const HELPER_BUSY_SECONDS = 2;
/** The helper leaves after this long without a call. */
export const HELPER_IDLE_MS = 30_000;

/** The scaling rule, one sample a second: fork the helper once the loop has been this busy for long enough. */
export function busyStreak(streak: number, elu: number): number {
  return elu >= HELPER_BUSY_ELU ? streak + 1 : 0;
}
