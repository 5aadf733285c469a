// The one way the browser talks to the REST API. Non-2xx answers become an ApiRequestError that
// carries the server's `{ error: { code, message, details } }`, so screens can show the real reason
// (a 409 conflict, a 422 list of graph issues) instead of a generic "request failed".
import type { ApiErrorBody } from "@/lib/api/dto";

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

type JsonInit = Omit<RequestInit, "body"> & { json?: unknown };

export async function fetchJson<T>(url: string, init: JsonInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: {
        accept: "application/json",
        ...(json === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch {
    // fetch only rejects when no answer came back at all (server down, offline).
    throw new ApiRequestError("Cannot reach the Hookline server. Check your connection and try again.", 0, "network");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toError(res, body);
  return body as T;
}

function toError(res: Response, body: unknown): ApiRequestError {
  if (isApiErrorBody(body)) {
    return new ApiRequestError(body.error.message, res.status, body.error.code, body.error.details);
  }
  // A proxy or a crash can answer with HTML; keep the status so the user still learns something.
  return new ApiRequestError(`Request failed (${res.status} ${res.statusText})`.trim(), res.status, "unknown");
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error: unknown = body.error;
  return typeof error === "object" && error !== null && "message" in error && typeof error.message === "string";
}
