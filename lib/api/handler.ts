// Wraps a route handler: ApiError -> its status, zod/JSON errors -> 400, anything else -> 500
// with a generic message (the real error goes to the server log, never to the client).
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { ApiError, fromZod } from "./errors";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

export function apiRoute<C>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, { status: err.status });
  }
  console.error("[api] unexpected error:", err);
  return NextResponse.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}

/** Reads and validates a JSON body: 415 for another content type, 400 for bad JSON or shape. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the request body as application/json");
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch (e) {
    throw new ApiError("bad_request", `Request body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error, "request body");
  return parsed.data;
}

export const json = (body: unknown, status = 200) => NextResponse.json(body, { status });
