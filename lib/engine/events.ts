// The events the app sends. "run this queued Run": its id is the run id, so a re-sent event (after
// a crash between send and mark) never starts the run twice. Its data carries the keys the
// function's concurrency limits read (docs/engine.md): runs with the same orderingKey run one at a
// time in arrival order; concurrencyKey spreads a flow's runs over its concurrency slots. A key
// that needs no limit is left out for the embedded executor and unique to the run for an external
// Inngest (lib/runs/dispatcher.ts eventKeys).
export const RUN_REQUESTED = "hookline/run.requested";
export type RunRequestedData = { runId: string; orderingKey?: string; concurrencyKey?: string };

/** Cancels the function run of a Run (the function declares `cancelOn` for it). */
export const RUN_CANCEL = "hookline/run.cancel";
export type RunCancelData = { runId: string };
