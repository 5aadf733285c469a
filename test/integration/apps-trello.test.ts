// Trello against a local fake of its API: the documented request (POST /1/cards with key and
// token as query parameters), the clean output, and its failures: 401, 429 with Retry-After,
// and a 400 whose plain-text message reaches the step.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { startFakeTrello, TRELLO_KEY, TRELLO_TOKEN } from "../support/fakes/trello";

const LIST = "5abbe4b7ddc1b351ef961402";

const vendor = withFakeVendor("trello", startFakeTrello, { key: TRELLO_KEY, token: TRELLO_TOKEN });

const card = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  boardId: "5abbe4b7ddc1b351ef961401",
  listId: LIST,
  name: "Order {{ trigger.body.order }}",
  description: "Ship to {{ trigger.body.email }}",
  ...c,
});
const scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: { order: 1001, email: "ada@example.com" }, receivedAt: "" },
  nodes: {},
};

describe("Trello: create card", () => {
  it("sends the documented request and maps the card; no secret in the recorded input", async () => {
    const { input, output } = await runAppNode("app:trello.createCard", card({ labelIds: "a, b" }), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /1/cards");
    expect(Object.fromEntries(req.query)).toEqual({
      idList: LIST,
      name: "Order 1001",
      desc: "Ship to ada@example.com",
      pos: "bottom",
      idLabels: "a,b",
      key: TRELLO_KEY,
      token: TRELLO_TOKEN,
    });
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(output).toMatchObject({
      id: "5abbe4b7ddc1b351ef961414",
      name: "Order 1001",
      listId: LIST,
      shortUrl: "https://trello.com/c/B8wl1Xnh",
    });
    expect(JSON.stringify(input)).not.toContain(TRELLO_TOKEN);
    expect(JSON.stringify(input)).not.toContain(TRELLO_KEY);
  });

  it("a 400 shows Trello's own message and is permanent", async () => {
    const err = await failure(runAppNode("app:trello.createCard", card({ listId: "not-a-list" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("invalid value for idList");
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/^\/1\/cards$/, {
      status: 429,
      headers: { "retry-after": "7" },
      text: "API_TOKEN_LIMIT_EXCEEDED",
    });
    const err = await failure(runAppNode("app:trello.createCard", card(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    const again = await runAppNode("app:trello.createCard", card(), vendor.ws, scope);
    expect(again.output).toMatchObject({ name: "Order 1001" });
  });

  it("a refused token fails permanently with the vendor's message, never the token", async () => {
    const bad = await workspaceWithAccount("trello", { key: TRELLO_KEY, token: "wrong-token-0000000000" });
    const err = await failure(
      runAppNode("app:trello.createCard", card({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/answered 401: invalid key/);
    expect(`${err.message}${err.stack}`).not.toContain("wrong-token-0000000000");
  });

  it("an account of another app or another workspace is refused before anything is sent", async () => {
    const sent = vendor.fake.requests.length;
    const other = await workspaceWithAccount("stripe", { token: "sk_test_x" });
    const err = await failure(
      runAppNode("app:trello.createCard", card({ credentialId: other.credentialId }), other, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("is not a Trello account");
    const foreign = await failure(runAppNode("app:trello.createCard", card(), other, scope));
    expect(foreign.message).toContain("not found");
    expect(vendor.fake.requests.length).toBe(sent);
  });
});

describe("Trello: pickers", () => {
  it("lists boards, then the chosen board's lists, with the account; cached for a minute", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const boards = await fieldOptions(vendor.ws.workspaceId, "trello", "boardId", vendor.ws.credentialId, {});
    expect(boards).toEqual([{ value: "5abbe4b7ddc1b351ef961401", label: "Orders" }]);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("GET /1/members/me/boards");
    expect(req.query.get("token")).toBe(TRELLO_TOKEN);
    const lists = await fieldOptions(vendor.ws.workspaceId, "trello", "listId", vendor.ws.credentialId, {
      boardId: boards[0]!.value,
    });
    expect(lists).toEqual([{ value: LIST, label: "To ship" }]);
    const sent = vendor.fake.requests.length;
    await fieldOptions(vendor.ws.workspaceId, "trello", "listId", vendor.ws.credentialId, {
      boardId: boards[0]!.value,
    });
    expect(vendor.fake.requests.length).toBe(sent);
    await expect(fieldOptions(vendor.ws.workspaceId, "trello", "listId", vendor.ws.credentialId, {})).rejects.toThrow(
      /Choose boardId first/,
    );
    await expect(fieldOptions("ws_other", "trello", "boardId", vendor.ws.credentialId, {})).rejects.toThrow(
      /not found/,
    );
  });
});
