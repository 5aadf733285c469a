// One error type for the whole API, mapped to `{ error: { code, message, details? } }` with the
// right status by lib/api/handler.ts. Never an HTML page or a stack trace.
import { ZodError } from "zod";
import { fieldLabel, labelled } from "@/lib/nodes/field-labels";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "internal";

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status() {
    return statusOf[this.code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

/** A zod failure at an HTTP boundary: 400 with each issue's path. The message names fields in
 * words ("Nodes (item 2) › Name: ..."); `details` keeps the exact paths for programs and forms. */
export function fromZod(err: ZodError, where: string): ApiError {
  return new ApiError(
    "bad_request",
    `Invalid ${where}: ${err.issues.map((i) => labelled(fieldLabel(undefined, i.path), i.message)).join("; ")}`,
    err.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}
