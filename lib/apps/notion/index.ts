// Notion (API 2022-06-28): create a page in a database. Auth: an integration's secret as a bearer
// token (https://developers.notion.com/reference/post-page).
import { z } from "zod";
import { optionalText, requiredText, text } from "../fields";
import { defineApp, defineOperation } from "../types";

const VERSION = { "notion-version": "2022-06-28" };

/** Extra properties: a {{ reference }} to an object, or JSON text, in Notion's property shape. */
function properties(v: unknown): Record<string, unknown> {
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  const t = text(v);
  if (!t) return {};
  const parsed: unknown = JSON.parse(t);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new Error("Properties must be a JSON object");
  return parsed as Record<string, unknown>;
}

const createPage = defineOperation({
  id: "createPage",
  label: "Create a database page",
  description: "Adds a page (a row) to a Notion database.",
  fields: z.object({
    databaseId: requiredText("Database"),
    title: requiredText("Title"),
    titleProperty: requiredText("Title property", "The database's title column, e.g. Name"),
    properties: optionalText(
      "Other properties",
      'JSON in Notion\'s shape, e.g. {"Status": {"select": {"name": "New"}}}',
      true,
    ),
    content: optionalText("Page text", "A paragraph in the page body", true),
  }),
  defaults: { databaseId: "", title: "", titleProperty: "Name", properties: "", content: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Notion takes no idempotency key: a retry after a lost answer may add a second page",
  },
  request: (f) => ({
    method: "POST",
    path: "/v1/pages",
    headers: VERSION,
    body: {
      json: {
        parent: { database_id: text(f.databaseId) },
        properties: {
          ...properties(f.properties),
          [text(f.titleProperty)]: { title: [{ text: { content: text(f.title) } }] },
        },
        ...(text(f.content)
          ? {
              children: [
                {
                  object: "block",
                  type: "paragraph",
                  paragraph: { rich_text: [{ type: "text", text: { content: text(f.content) } }] },
                },
              ],
            }
          : {}),
      },
    },
  }),
  output: (body) => {
    const p = body as { id?: string; url?: string; created_time?: string };
    return { id: p.id, url: p.url, createdTime: p.created_time };
  },
});

export const notion = defineApp({
  id: "notion",
  name: "Notion",
  logo: "/apps/notion.svg",
  description: "Pages in databases.",
  baseUrl: "https://api.notion.com",
  auth: { kind: "bearer", label: "Internal integration secret" },
  operations: [createPage],
  errorMessage: (body) => (body as { message?: string } | null)?.message,
  options: {
    databaseId: {
      request: () => ({
        method: "POST",
        path: "/v1/search",
        headers: VERSION,
        body: { json: { filter: { property: "object", value: "database" }, page_size: 100 } },
      }),
      map: (body) =>
        ((body as { results?: Array<{ id: string; title?: Array<{ plain_text?: string }> }> }).results ?? []).map(
          (d) => ({
            value: d.id,
            label: d.title?.map((t) => t.plain_text ?? "").join("") || d.id,
          }),
        ),
    },
  },
});
