// Fake Notion API: POST /v1/pages, POST /v1/search; Bearer secret, Notion-Version header required;
// errors as { object: "error", status, code, message }.
import { bearerOf, expectOr, startFakeVendor, type FakeAnswer } from "./harness";

export const NOTION_SECRET = "secret_fakeNotionIntegration0123456789";
export const NOTION_DB = "d9824bdc-8445-4327-be8b-5b47500af6ce";
const err = (status: number, code: string, message: string): FakeAnswer => ({
  status,
  body: { object: "error", status, code, message },
});

export const startFakeNotion = () =>
  startFakeVendor({
    authorized: (r) => bearerOf(r) === NOTION_SECRET,
    unauthorized: err(401, "unauthorized", "API token is invalid."),
    routes: [
      {
        method: "POST",
        path: /^\/v1\/pages$/,
        handle: (r) => {
          expectOr(
            r.headers["notion-version"] === "2022-06-28",
            err(400, "missing_version", "Notion-Version header failed validation"),
          );
          const b = r.json as { parent?: { database_id?: string }; properties?: Record<string, unknown> };
          expectOr(
            b.parent?.database_id === NOTION_DB,
            err(404, "object_not_found", `Could not find database with ID: ${b.parent?.database_id}.`),
          );
          expectOr(Boolean(b.properties?.Name), err(400, "validation_error", "Name is not a property that exists."));
          return {
            body: {
              object: "page",
              id: "59833787-2cf9-4fdf-8782-e53db20768a5",
              created_time: "2026-12-06T05:00:00.000Z",
              url: "https://www.notion.so/Order-59833787",
            },
          };
        },
      },
      {
        method: "POST",
        path: /^\/v1\/search$/,
        handle: () => ({
          body: { object: "list", results: [{ object: "database", id: NOTION_DB, title: [{ plain_text: "Orders" }] }] },
        }),
      },
    ],
  });
