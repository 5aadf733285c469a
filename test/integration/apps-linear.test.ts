// Linear against a local fake of its GraphQL API: the issueCreate mutation with the personal API
// key as the Authorization header (no Bearer), the clean output, Linear's user-facing error message
// in the step (a 400, or errors in a 200), 429 with Retry-After, and the team picker.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { LINEAR_KEY, LINEAR_TEAM, startFakeLinear } from "../support/fakes/linear";

const vendor = withFakeVendor("linear", startFakeLinear, { Authorization: LINEAR_KEY });

const issue = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  teamId: LINEAR_TEAM,
  title: "Refund order {{ trigger.body.order }}",
  description: "Customer: {{ trigger.body.email }}",
  priority: "2",
  ...c,
});
const scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: { order: 1001, email: "ada@example.com" }, receivedAt: "" },
  nodes: {},
};

describe("Linear: create an issue", () => {
  it("sends the issueCreate mutation with the key as Authorization; clean output; no secret in the input", async () => {
    const { input, output } = await runAppNode("app:linear.createIssue", issue(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /graphql");
    expect(req.headers.authorization).toBe(LINEAR_KEY);
    expect(req.headers["content-type"]).toMatch(/application\/json/);
    const body = req.json as { query: string; variables: unknown };
    expect(body.query).toMatch(/^mutation IssueCreate\(\$input: IssueCreateInput!\)/);
    expect(body.variables).toEqual({
      input: { teamId: LINEAR_TEAM, title: "Refund order 1001", description: "Customer: ada@example.com", priority: 2 },
    });
    expect(req.headers["idempotency-key"]).toBeUndefined();
    expect(output).toEqual({
      id: "3f2b1c9e-5a43-4b5e-9a51-2d1e0c7a6b01",
      identifier: "OPS-12",
      title: "Refund order 1001",
      url: "https://linear.app/acme/issue/OPS-12/order",
    });
    expect(JSON.stringify(input)).not.toContain(LINEAR_KEY);
  });

  it("a 400 shows Linear's user-facing message and is permanent", async () => {
    const err = await failure(
      runAppNode("app:linear.createIssue", issue({ teamId: "no-such-team" }), vendor.ws, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Linear answered 400: Could not find referenced Team.");
  });

  it("GraphQL errors in a 200 answer fail the step permanently with Linear's message", async () => {
    vendor.fake.failNext(/^\/graphql$/, {
      status: 200,
      body: {
        data: null,
        errors: [
          { message: "Forbidden", extensions: { userPresentableMessage: "You cannot create issues in this team." } },
        ],
      },
    });
    const err = await failure(runAppNode("app:linear.createIssue", issue(), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("You cannot create issues in this team.");
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/^\/graphql$/, {
      status: 429,
      headers: { "retry-after": "7" },
      body: { errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }] },
    });
    const err = await failure(runAppNode("app:linear.createIssue", issue(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    const again = await runAppNode("app:linear.createIssue", issue(), vendor.ws, scope);
    expect(again.output).toMatchObject({ identifier: "OPS-12" });
  });

  it("a refused key fails permanently with Linear's message, never the key", async () => {
    const bad = await workspaceWithAccount("linear", { Authorization: "lin_api_wrong0000000000000" });
    const err = await failure(
      runAppNode("app:linear.createIssue", issue({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("You need to authenticate to access this operation.");
    expect(`${err.message}${err.stack}`).not.toContain("lin_api_wrong0000000000000");
  });
});

describe("Linear: team picker", () => {
  it("lists the teams with the account's key", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const teams = await fieldOptions(vendor.ws.workspaceId, "linear", "teamId", vendor.ws.credentialId, {});
    expect(teams).toEqual([{ value: LINEAR_TEAM, label: "Ops" }]);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /graphql");
    expect(req.headers.authorization).toBe(LINEAR_KEY);
    expect((req.json as { query: string }).query).toContain("teams");
    await expect(fieldOptions("ws_other", "linear", "teamId", vendor.ws.credentialId, {})).rejects.toThrow(/not found/);
  });
});
