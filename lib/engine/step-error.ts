// Errors a node executor throws to tell the engine how to retry. The Inngest function maps them
// to the SDK's NonRetriableError / RetryAfterError.
export class PermanentError extends Error {
  override name = "PermanentError";
}

/**
 * The longest wait a step honours: a Retry-After (header, or a vendor's body) far in the future
 * would park the run for months; the step is tried again after this, and waits again if told to.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  }
}
