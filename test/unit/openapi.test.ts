// The OpenAPI document (lib/api/openapi): it validates as OpenAPI 3.1, lists exactly the routes
// lib/auth/route-rules.ts knows, with the routes' own body and query schemas and who may call them.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { openApiDocument, openApiPath } from "@/lib/api/openapi/document";
import { apiOperations } from "@/lib/api/openapi/operations";
import { routeRules } from "@/lib/auth/route-rules";

const pairs = (table: Record<string, Partial<Record<string, unknown>>>) =>
  Object.entries(table).flatMap(([pattern, methods]) => Object.keys(methods).map((m) => `${m} ${pattern}`));

type Doc = ReturnType<typeof openApiDocument>;
type Op = {
  security: unknown[];
  "x-hookline-role": string;
  requestBody?: {
    content: { "application/json": { schema: { properties?: Record<string, unknown>; required?: string[] } } };
  };
  parameters: Array<{ name: string; in: string; required: boolean }>;
};
type Schema = { required?: string[]; properties?: Record<string, Schema>; items?: Schema };
const op = (doc: Doc, method: string, path: string) => doc.paths[path]?.[method] as Op | undefined;

describe("OpenAPI document", () => {
  test("every route of route-rules has its entry in lib/api/openapi/operations.ts, and no entry is without a route", () => {
    const rules = pairs(routeRules);
    const described = pairs(apiOperations);
    const missing = rules.filter((r) => !described.includes(r));
    const stale = described.filter((d) => !rules.includes(d));
    expect(
      missing,
      `add these routes to apiOperations in lib/api/openapi/operations.ts: ${missing.join(", ")}`,
    ).toEqual([]);
    expect(
      stale,
      `these entries of lib/api/openapi/operations.ts have no rule in route-rules.ts: ${stale.join(", ")}`,
    ).toEqual([]);
  });

  test("the document lists every (path, method) of route-rules and nothing else", () => {
    const doc = openApiDocument();
    const inDoc = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const fromRules = Object.entries(routeRules).flatMap(([pattern, methods]) =>
      Object.keys(methods).map((m) => `${m} ${openApiPath(pattern)}`),
    );
    expect(
      inDoc.filter((d) => !fromRules.includes(d)),
      "in the document, not in route-rules",
    ).toEqual([]);
    expect(
      fromRules.filter((r) => !inDoc.includes(r)),
      "in route-rules, not in the document",
    ).toEqual([]);
  });

  test("validates as OpenAPI 3.1", async () => {
    const result = await new Validator().validate(openApiDocument() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("carries the routes' own body and query schemas, path parameters and who may call", () => {
    const doc = openApiDocument();
    const credential = op(doc, "post", "/api/credentials")!;
    const schema = credential.requestBody!.content["application/json"].schema;
    expect(Object.keys(schema.properties!)).toEqual(expect.arrayContaining(["name", "type", "value"]));
    expect(credential["x-hookline-role"]).toBe("owner");
    expect(credential.security).toEqual([{ apiKey: [] }, { session: [] }]);

    const key = op(doc, "post", "/api/api-keys")!.requestBody!.content["application/json"].schema;
    expect(key.properties!.scope).toMatchObject({ enum: ["read", "write", "owner"] });

    expect(op(doc, "get", "/api/flows/{id}/runs")!.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "id", in: "path", required: true }),
        expect.objectContaining({ name: "limit", in: "query", required: false }),
      ]),
    );
    expect(op(doc, "post", "/api/auth/sign-in")!.security).toEqual([]);
    expect(op(doc, "post", "/api/auth/password")!.security).toEqual([{ session: [] }]);
    expect(op(doc, "post", "/api/flows/{id}/publish")!.requestBody).toBeUndefined();
  });

  test("the run lists and the run route describe their answer, a stale event's run (staleEvent) included", () => {
    const doc = openApiDocument();
    const answer = (path: string) =>
      (
        doc.paths[path]?.get as {
          responses: { "2XX": { content?: { "application/json": { schema: Schema } } } };
        }
      ).responses["2XX"].content?.["application/json"].schema;
    const staleEvent = {
      anyOf: [
        {
          type: "object",
          properties: { objectId: { type: ["string", "null"] } },
          required: ["objectId"],
        },
        { type: "null" },
      ],
    };
    for (const path of ["/api/runs", "/api/flows/{id}/runs"]) {
      const page = answer(path);
      expect(page?.required, path).toEqual(["items", "nextCursor"]);
      const summary = page!.properties!.items!.items!;
      expect(summary.properties!.staleEvent, path).toMatchObject(staleEvent);
      expect(summary.required, path).not.toContain("staleEvent");
      expect(Object.keys(summary.properties!), path).toEqual(
        expect.arrayContaining(["id", "flowId", "status", "version", "durationMs", "retryOfRunId"]),
      );
    }
    const run = answer("/api/runs/{id}")!.properties!.run!;
    expect(run.properties!.staleEvent).toMatchObject(staleEvent);
    expect(run.required).toContain("flowName");
  });
});
