// The answer of POST /api/flows/:id/test-step (types only; browser-safe).
export type TestStepResult = {
  /** false: a side-effecting node that was not confirmed; `input` is what it would send. */
  ran: boolean;
  sideEffect: boolean;
  input: unknown;
  /** References that found nothing in the sample or the earlier outputs. */
  missing: string[];
  output?: unknown;
  error?: { name?: string; message: string };
  status: "preview" | "succeeded" | "failed";
  durationMs: number | null;
  /** Whether a captured sample was the trigger (else an empty request stood in). */
  usedSample: boolean;
};
