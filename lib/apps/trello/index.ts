// Trello (REST API 1): create a card on a list. Auth: the user's API key and token as the `key`
// and `token` query parameters (https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/).
import { z } from "zod";
import { list, optionalText, requiredText, seg, text } from "../fields";
import { defineApp, defineOperation } from "../types";

type Card = { id?: string; name?: string; idList?: string; url?: string; shortUrl?: string; due?: string | null };

const createCard = defineOperation({
  id: "createCard",
  label: "Create card",
  description: "Puts a card on a Trello list.",
  fields: z.object({
    boardId: requiredText("Board", "Only to choose the list; the card goes to the list."),
    listId: requiredText("List"),
    name: requiredText("Card name"),
    description: optionalText("Description", undefined, true),
    due: optionalText("Due date", "ISO date, e.g. 2026-12-24T12:00:00Z"),
    labelIds: optionalText("Label ids", "Comma separated"),
    position: z.enum(["bottom", "top"]).default("bottom"),
  }),
  defaults: { boardId: "", listId: "", name: "", description: "", due: "", labelIds: "", position: "bottom" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Trello takes no idempotency key: a retried call after a lost answer may add a second card",
  },
  request: (f) => {
    const query: Record<string, string> = { idList: text(f.listId), name: text(f.name), pos: f.position };
    if (!query.idList) throw new Error("List is required");
    if (text(f.description)) query.desc = text(f.description);
    if (text(f.due)) query.due = text(f.due);
    const labels = list(f.labelIds);
    if (labels.length) query.idLabels = labels.join(",");
    return { method: "POST", path: "/1/cards", query };
  },
  output: (body) => {
    const c = body as Card;
    return { id: c.id, name: c.name, listId: c.idList, url: c.url, shortUrl: c.shortUrl, due: c.due ?? null };
  },
  summary: (f) => (f.name ? `Card “${f.name}”` : "Create card"),
});

export const trello = defineApp({
  id: "trello",
  name: "Trello",
  logo: "/apps/trello.svg",
  description: "Boards, lists and cards.",
  baseUrl: "https://api.trello.com",
  auth: {
    kind: "apiKey",
    parts: [
      { name: "key", label: "API key", in: "query" },
      { name: "token", label: "Token", in: "query" },
    ],
  },
  operations: [createCard],
  // Trello answers errors as plain text ("invalid value for idList"), sometimes as { message }.
  errorMessage: (body) =>
    typeof body === "string" ? body : ((body as { message?: string } | null)?.message ?? undefined),
  options: {
    boardId: {
      request: () => ({ method: "GET", path: "/1/members/me/boards", query: { fields: "name", filter: "open" } }),
      map: (body) => (body as Array<{ id: string; name: string }>).map((b) => ({ value: b.id, label: b.name })),
    },
    listId: {
      dependsOn: ["boardId"],
      request: (v) => ({
        method: "GET",
        path: `/1/boards/${seg(v.boardId, "Board")}/lists`,
        query: { fields: "name", filter: "open" },
      }),
      map: (body) => (body as Array<{ id: string; name: string }>).map((l) => ({ value: l.id, label: l.name })),
    },
  },
});
