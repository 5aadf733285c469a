// How an HTTP answer or a network failure maps to the engine's retry signals; shared by the HTTP
// request node and the chat nodes (Slack, Discord, Teams). 4xx is permanent except 408, 425 and
// 429; 429, 5xx and network failures are retried, after Retry-After when the server gives one.
import "server-only";
import { BlockedDestinationError } from "@/lib/net/outbound-policy";
import { RequestTimeoutError, ResponseTooLargeError } from "@/lib/net/guarded-request";
import { PermanentError, RetryLaterError } from "../step-error";

const RETRIABLE_4XX = new Set([408, 425, 429]);

/** Milliseconds from a Retry-After header (seconds or an HTTP date), if it is usable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - now : seconds * 1000;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The error for a status that is not a success. */
export function statusFailure(status: number, headers: Record<string, string>, message: string): Error {
  if ((status >= 400 && status < 500 && !RETRIABLE_4XX.has(status)) || status < 200 || (status >= 300 && status < 400))
    return new PermanentError(message);
  const later = retryAfterMs(headers["retry-after"]);
  return later === undefined ? new Error(message) : new RetryLaterError(message, later);
}

/** The error for a request that got no answer: refused destinations are permanent, the rest retried. */
export function networkFailure(e: unknown, what: string): Error {
  const err = e as Error & { code?: string; cause?: { code?: string } };
  if (err instanceof BlockedDestinationError || err instanceof ResponseTooLargeError)
    return new PermanentError(`${what} failed: ${err.message}`);
  if (err instanceof RequestTimeoutError) return new Error(`${what} failed: ${err.message}`);
  if (
    err.code === "ERR_INVALID_CHAR" ||
    err.code === "ERR_INVALID_HTTP_TOKEN" ||
    err.code === "ERR_UNESCAPED_CHARACTERS"
  ) {
    return new PermanentError(`${what} failed: ${err.message}`);
  }
  return new Error(`${what} failed: ${err.code ?? err.cause?.code ?? err.message}`);
}
