// Errors a node executor throws to tell the engine how to retry. The Inngest function maps them
// to the SDK's NonRetriableError / RetryAfterError.
export class PermanentError extends Error {
  override name = "PermanentError";
}

export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
