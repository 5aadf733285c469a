// The OpenAPI 3.1 document of the REST API, served at GET /api/openapi.json: every route of
// lib/auth/route-rules.ts with the operation operations.ts describes, its body and query schemas
// converted from the routes' own zod schemas (zod 4's z.toJSONSchema, JSON Schema 2020-12, which
// OpenAPI 3.1 uses as is), and who may call it from the rule. It holds no data of any workspace.
import { z } from "zod";
import { routeRules, type RouteRule } from "@/lib/auth/route-rules";
import { apiOperations, type ApiMethod, type ApiOperation } from "./operations";

type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema: for what a client sends, the input side (defaults optional, before
 * transforms); for what a route answers, the output side.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/** "/api/flows/[id]" → "/api/flows/{id}"; a catch-all "[...path]" becomes one {path} parameter. */
export const openApiPath = (pattern: string) => pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, "{$1}");
const pathParams = (pattern: string) => [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);

function who(rule: RouteRule): { security: Array<Record<string, string[]>>; text: string; role: string } {
  if (rule === "public") return { security: [], text: "Public: no sign-in.", role: "public" };
  if (rule === "session")
    return {
      security: [{ session: [] }],
      text: "A signed-in user (session cookie); API keys are refused.",
      role: "session",
    };
  const role = typeof rule === "string" ? rule : rule.role;
  const keyScope = role === "viewer" ? "read" : role === "editor" ? "write" : "owner";
  const audit = typeof rule === "string" ? "" : ` Recorded in the audit log as ${rule.audit}.`;
  return {
    security: [{ apiKey: [] }, { session: [] }],
    text: `Needs the ${role} role in the workspace (an API key of scope ${keyScope} or higher, never beyond its holder's role).${audit}`,
    role,
  };
}

function queryParameters(schema: z.ZodType) {
  const s = jsonSchema(schema);
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries((s.properties as Record<string, JsonSchema> | undefined) ?? {}).map(([name, prop]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: prop,
  }));
}

function operation(pattern: string, method: ApiMethod, op: ApiOperation, rule: RouteRule) {
  const access = who(rule);
  return {
    operationId: `${method.toLowerCase()}${openApiPath(pattern).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: op.summary,
    description: access.text,
    tags: [pattern.split("/")[2]?.replace(/^\[.*$/, "other") ?? "other"],
    security: access.security,
    "x-hookline-role": access.role,
    parameters: [
      ...pathParams(pattern).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...(op.query ? queryParameters(op.query) : []),
    ],
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } }
      : {}),
    responses: {
      "2XX": {
        description: "Success (JSON unless the summary says otherwise)",
        ...(op.response ? { content: { "application/json": { schema: jsonSchema(op.response, "output") } } } : {}),
      },
      "4XX": {
        description:
          "The request was refused: 400 bad body or query, 401 no or bad credentials, 403 role, 404, 409, 422",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [pattern, methods] of Object.entries(routeRules)) {
    for (const [method, rule] of Object.entries(methods) as Array<[ApiMethod, RouteRule]>) {
      const op = apiOperations[pattern]?.[method];
      // A route without an entry is still listed (the test names it so that it gets one).
      (paths[openApiPath(pattern)] ??= {})[method.toLowerCase()] = operation(
        pattern,
        method,
        op ?? { summary: `${method} ${pattern}` },
        rule,
      );
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hookline REST API",
      version: "1",
      description:
        "Everything the UI does. Authenticate with `Authorization: Bearer hkl_...` (an API key: Settings → API keys) " +
        "or the session cookie. docs/api.md has the details.",
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key: hkl_ followed by 43 characters" },
        session: { type: "apiKey", in: "cookie", name: "hookline.session_token" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
            },
          },
        },
      },
    },
  };
}
