// Notion against a local fake of its API: POST /v1/pages with the integration secret as Bearer
// and the pinned Notion-Version header, the clean output, Notion's error message in the step,
// 429 with Retry-After, and the database picker (POST /v1/search filtered to databases).
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { NOTION_DB, NOTION_SECRET, startFakeNotion } from "../support/fakes/notion";

const vendor = withFakeVendor("notion", startFakeNotion, { token: NOTION_SECRET });

const page = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  databaseId: NOTION_DB,
  title: "Order {{ trigger.body.order }}",
  properties: '{"Status": {"select": {"name": "New"}}}',
  content: "Ship to {{ trigger.body.email }}",
  ...c,
});
const scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: { order: 1001, email: "ada@example.com" }, receivedAt: "" },
  nodes: {},
};

describe("Notion: create a database page", () => {
  it("sends the documented request and maps the page; no secret in the recorded input", async () => {
    const { input, output } = await runAppNode("app:notion.createPage", page(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /v1/pages");
    expect(req.headers.authorization).toBe(`Bearer ${NOTION_SECRET}`);
    expect(req.headers["notion-version"]).toBe("2022-06-28");
    expect(req.json).toEqual({
      parent: { database_id: NOTION_DB },
      properties: {
        Status: { select: { name: "New" } },
        Name: { title: [{ text: { content: "Order 1001" } }] },
      },
      children: [
        {
          object: "block",
          type: "paragraph",
          paragraph: { rich_text: [{ type: "text", text: { content: "Ship to ada@example.com" } }] },
        },
      ],
    });
    expect(output).toEqual({
      id: "59833787-2cf9-4fdf-8782-e53db20768a5",
      url: "https://www.notion.so/Order-59833787",
      createdTime: "2026-12-06T05:00:00.000Z",
    });
    expect(JSON.stringify(input)).not.toContain(NOTION_SECRET);
  });

  it("a 4xx shows Notion's own message and is permanent", async () => {
    const err = await failure(runAppNode("app:notion.createPage", page({ titleProperty: "Title" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Name is not a property that exists.");
    const missing = await failure(
      runAppNode(
        "app:notion.createPage",
        page({ databaseId: "00000000-0000-0000-0000-000000000000" }),
        vendor.ws,
        scope,
      ),
    );
    expect(missing).toBeInstanceOf(PermanentError);
    expect(missing.message).toContain("Could not find database with ID");
  });

  it("properties that are not a JSON object fail before anything is sent", async () => {
    const sent = vendor.fake.requests.length;
    const err = await failure(runAppNode("app:notion.createPage", page({ properties: "[1, 2]" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Properties must be a JSON object");
    expect(vendor.fake.requests.length).toBe(sent);
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/^\/v1\/pages$/, {
      status: 429,
      headers: { "retry-after": "5" },
      body: { object: "error", status: 429, code: "rate_limited", message: "You have been rate limited." },
    });
    const err = await failure(runAppNode("app:notion.createPage", page(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(5000);
    const again = await runAppNode("app:notion.createPage", page(), vendor.ws, scope);
    expect(again.output).toMatchObject({ id: "59833787-2cf9-4fdf-8782-e53db20768a5" });
  });

  it("a wrong secret: Notion's 401 message, permanent, the secret not repeated", async () => {
    const bad = await workspaceWithAccount("notion", { token: "secret_wrong000000000000" });
    const err = await failure(
      runAppNode("app:notion.createPage", page({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("API token is invalid.");
    expect(`${err.message}${err.stack}`).not.toContain("secret_wrong000000000000");
  });
});

describe("Notion: database picker", () => {
  it("lists the databases shared with the integration (search filtered to databases)", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const options = await fieldOptions(vendor.ws.workspaceId, "notion", "databaseId", vendor.ws.credentialId, {});
    expect(options).toEqual([{ value: NOTION_DB, label: "Orders" }]);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /v1/search");
    expect(req.headers["notion-version"]).toBe("2022-06-28");
    expect(req.headers.authorization).toBe(`Bearer ${NOTION_SECRET}`);
    expect(req.json).toMatchObject({ filter: { property: "object", value: "database" } });
  });
});
