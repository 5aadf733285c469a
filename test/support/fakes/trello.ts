// Fake Trello REST API 1: POST /1/cards, GET /1/members/me/boards, GET /1/boards/:id/lists.
// Auth: `key` and `token` query parameters; errors are plain text, as Trello answers them.
import { expectOr, startFakeVendor, type FakeRequest } from "./harness";

export const TRELLO_KEY = "trello-key-0123456789abcdef";
export const TRELLO_TOKEN = "ATTA-trello-token-secret-987654321";

const authorized = (r: FakeRequest) => r.query.get("key") === TRELLO_KEY && r.query.get("token") === TRELLO_TOKEN;

export const startFakeTrello = () =>
  startFakeVendor({
    authorized,
    unauthorized: { status: 401, text: "invalid key" },
    routes: [
      {
        method: "POST",
        path: /^\/1\/cards$/,
        handle: (r) => {
          const idList = r.query.get("idList") ?? "";
          expectOr(/^[0-9a-f]{24}$/.test(idList), { status: 400, text: "invalid value for idList" });
          expectOr(Boolean(r.query.get("name")), { status: 400, text: "invalid value for name" });
          return {
            body: {
              id: "5abbe4b7ddc1b351ef961414",
              name: r.query.get("name"),
              desc: r.query.get("desc") ?? "",
              idList,
              pos: r.query.get("pos") === "top" ? 1024 : 65535,
              due: r.query.get("due"),
              idLabels: (r.query.get("idLabels") ?? "").split(",").filter(Boolean),
              url: "https://trello.com/c/B8wl1Xnh/1-card",
              shortUrl: "https://trello.com/c/B8wl1Xnh",
            },
          };
        },
      },
      {
        method: "GET",
        path: /^\/1\/members\/me\/boards$/,
        handle: () => ({ body: [{ id: "5abbe4b7ddc1b351ef961401", name: "Orders" }] }),
      },
      {
        method: "GET",
        path: /^\/1\/boards\/([^/]+)\/lists$/,
        handle: (_r, m) => ({
          body: m[1] === "5abbe4b7ddc1b351ef961401" ? [{ id: "5abbe4b7ddc1b351ef961402", name: "To ship" }] : [],
        }),
      },
    ],
  });
