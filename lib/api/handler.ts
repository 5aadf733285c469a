// Wraps a route handler: authorization first, then ApiError -> its status, zod/JSON errors -> 400,
// anything else -> 500 with a generic message (the real error goes to the server log, never to the
// client).
//
// Authorization: every request is checked against its route's rule in lib/auth/route-rules.ts
// (ONE LINE per route file; a route without a rule answers 500 and fails the authorization matrix
// test). Callers are an API key (`Authorization: Bearer`) or a session cookie; cookie mutations must
// come from this app's origin (CSRF). No credentials -> 401, too low a role -> 403. The handler runs
// with the caller as the request's principal: currentWorkspaceId() is its workspace, so another
// workspace's ids are simply not found (404).
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { authenticate } from "@/lib/auth/authenticate";
import { sameOrigin } from "@/lib/auth/csrf";
import { ruleFor } from "@/lib/auth/match-rule";
import { errField, log } from "@/lib/observability/log";
import { runAs, type Principal } from "@/lib/auth/principal";
import { atLeast } from "@/lib/auth/roles";
import { ApiError, fromZod } from "./errors";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

export function apiRoute<C>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      const { pattern, rule } = ruleFor(req.method, new URL(req.url).pathname);
      if (!rule) {
        log("api").error(
          { method: req.method, route: pattern ?? new URL(req.url).pathname },
          "no authorization rule for this route: add one to lib/auth/route-rules.ts",
        );
        throw new ApiError("internal", "This route has no authorization rule");
      }
      if (rule === "public") return await runAs(null, () => fn(req, ctx));
      const principal = await authenticate(req.headers);
      if (!principal) throw new ApiError("unauthorized", "Sign in or send an API key (Authorization: Bearer)");
      if (principal.kind === "user" && !sameOrigin(req))
        throw new ApiError("forbidden", "Cross-site request refused (Origin does not match this app)");
      const need = typeof rule === "string" ? rule : rule.role;
      if (need === "session") {
        if (principal.kind !== "user")
          throw new ApiError("forbidden", "This route needs a signed-in user, not an API key");
      } else {
        if (!principal.workspaceId || !principal.role)
          throw new ApiError("forbidden", "You are not a member of any workspace");
        if (!atLeast(principal.role, need))
          throw new ApiError(
            "forbidden",
            `This needs the ${need} role (you are ${principal.role === "editor" ? "an" : "a"} ${principal.role})`,
          );
      }
      const res = await runAs(principal, () => fn(req, ctx));
      if (typeof rule === "object" && res.status >= 200 && res.status < 300)
        await auditRoute(rule.audit, principal, req, ctx, res);
      return res;
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The audit event of a route's rule: target = the route's [id] param, else the answer's `id`. */
async function auditRoute(action: string, principal: Principal, req: Request, ctx: unknown, res: Response) {
  const params = ((await (ctx as { params?: Promise<Record<string, unknown>> } | undefined)?.params) ?? {}) as Record<
    string,
    unknown
  >;
  let id = typeof params.id === "string" ? params.id : undefined;
  let name: string | undefined;
  let scope: string | undefined;
  if (res.headers.get("content-type")?.includes("json")) {
    const body = (await res
      .clone()
      .json()
      .catch(() => null)) as { id?: unknown; name?: unknown; scope?: unknown } | null;
    if (!id && typeof body?.id === "string") id = body.id;
    if (typeof body?.name === "string") name = body.name;
    // An API key's scope (read, write, owner) belongs in its creation event.
    if (typeof body?.scope === "string") scope = body.scope;
  }
  const type = action.split(".")[0] ?? action;
  await runAs(principal, () =>
    audit(action, id ? { type, id, ...(name ? { name } : {}) } : null, {
      method: req.method,
      path: new URL(req.url).pathname,
      ...(scope ? { scope } : {}),
    }),
  );
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
      { status: err.status },
    );
  }
  log("api").error(errField(err), "unexpected error; answered 500");
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
