// The one event the app sends: "run this queued Run". Its id is the run id, so a re-sent event
// (after a crash between send and mark) never starts the run twice.
export const RUN_REQUESTED = "hookline/run.requested";
export type RunRequestedData = { runId: string };
