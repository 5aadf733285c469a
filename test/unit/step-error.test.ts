// A step's wait before its retry: what the vendor asks, at most an hour (a Retry-After of days
// would park the run; it is tried again after the hour and waits again if still told to).
import { describe, expect, it } from "vitest";
import { retryAfterMs, statusFailure } from "@/lib/engine/executors/http-classify";
import { MAX_RETRY_AFTER_MS, RetryLaterError } from "@/lib/engine/step-error";

describe("RetryLaterError", () => {
  it("keeps a wait up to an hour as asked", () => {
    expect(new RetryLaterError("429", 30_000).retryAfterMs).toBe(30_000);
    expect(new RetryLaterError("429", MAX_RETRY_AFTER_MS).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
  });

  it("cuts a longer wait, from a header or a vendor's body, to an hour", () => {
    expect(new RetryLaterError("body retry_after", 10_000_000 * 1000).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    const failure = statusFailure(429, { "retry-after": String(3 * 86_400) }, "429");
    expect(failure).toBeInstanceOf(RetryLaterError);
    expect((failure as RetryLaterError).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs("120")).toBe(120_000);
  });
});
