// Klaviyo against a local fake of its API: the documented JSON:API requests (a one-profile
// subscription job, an event) with "Authorization: Klaviyo-API-Key" and the revision header, the
// clean output, Klaviyo's error detail in the step, 429 with Retry-After, and the list picker.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { KLAVIYO_KEY, KLAVIYO_LIST, KLAVIYO_REVISION, startFakeKlaviyo } from "../support/fakes/klaviyo";

const vendor = withFakeVendor("klaviyo", startFakeKlaviyo, { Authorization: KLAVIYO_KEY });

const scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    body: { email: "ada@example.com", total: 42.5, order: { id: 1001, items: 2 } },
    receivedAt: "",
  },
  nodes: {},
};
const subscription = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  listId: KLAVIYO_LIST,
  email: "{{ trigger.body.email }}",
  ...c,
});
const event = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  metric: "Placed Order",
  email: "{{ trigger.body.email }}",
  value: "{{ trigger.body.total }}",
  properties: "{{ trigger.body.order }}",
  ...c,
});

describe("Klaviyo: subscribe a profile", () => {
  it("sends the documented subscription job with the key and revision; clean output; no secret in the input", async () => {
    const { input, output } = await runAppNode("app:klaviyo.subscribeProfile", subscription(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /api/profile-subscription-bulk-create-jobs");
    expect(req.headers.authorization).toBe(`Klaviyo-API-Key ${KLAVIYO_KEY}`);
    expect(req.headers.revision).toBe(KLAVIYO_REVISION);
    expect(req.headers["content-type"]).toMatch(/application\/json/);
    expect(req.json).toEqual({
      data: {
        type: "profile-subscription-bulk-create-job",
        attributes: {
          profiles: {
            data: [
              {
                type: "profile",
                attributes: {
                  email: "ada@example.com",
                  subscriptions: { email: { marketing: { consent: "SUBSCRIBED" } } },
                },
              },
            ],
          },
        },
        relationships: { list: { data: { type: "list", id: KLAVIYO_LIST } } },
      },
    });
    expect(output).toEqual({ subscribed: true, email: "ada@example.com", listId: KLAVIYO_LIST });
    expect(JSON.stringify(input)).not.toContain(KLAVIYO_KEY);
  });

  it("a 404 for an unknown list shows Klaviyo's detail and is permanent", async () => {
    const err = await failure(
      runAppNode("app:klaviyo.subscribeProfile", subscription({ listId: "XXXXXX" }), vendor.ws, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Klaviyo answered 404: A list with id XXXXXX does not exist.");
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/profile-subscription-bulk-create-jobs/, {
      status: 429,
      headers: { "retry-after": "7" },
      body: {
        errors: [
          {
            status: 429,
            code: "throttled",
            title: "Request was throttled.",
            detail: "Request was throttled. Expected available in 7 seconds.",
          },
        ],
      },
    });
    const err = await failure(runAppNode("app:klaviyo.subscribeProfile", subscription(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    const again = await runAppNode("app:klaviyo.subscribeProfile", subscription(), vendor.ws, scope);
    expect(again.output).toMatchObject({ subscribed: true });
  });

  it("a refused key fails permanently with Klaviyo's message, never the key", async () => {
    const bad = await workspaceWithAccount("klaviyo", { Authorization: "pk_wrong000000000000000000" });
    const err = await failure(
      runAppNode("app:klaviyo.subscribeProfile", subscription({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/answered 401: Missing or invalid private key/);
    expect(`${err.message}${err.stack}`).not.toContain("pk_wrong000000000000000000");
  });
});

describe("Klaviyo: track an event", () => {
  it("sends the documented event (metric by name, profile by e-mail, numeric value, properties)", async () => {
    const { input, output } = await runAppNode("app:klaviyo.trackEvent", event(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /api/events");
    expect(req.headers.authorization).toBe(`Klaviyo-API-Key ${KLAVIYO_KEY}`);
    expect(req.headers.revision).toBe(KLAVIYO_REVISION);
    expect(req.json).toEqual({
      data: {
        type: "event",
        attributes: {
          properties: { id: "1001", items: "2" },
          value: 42.5,
          metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
          profile: { data: { type: "profile", attributes: { email: "ada@example.com" } } },
        },
      },
    });
    expect(output).toEqual({ tracked: true, metric: "Placed Order", email: "ada@example.com" });
    expect(JSON.stringify(input)).not.toContain(KLAVIYO_KEY);
  });

  it("a 400 shows Klaviyo's detail and is permanent; a value that is not a number is refused before sending", async () => {
    const err = await failure(
      runAppNode("app:klaviyo.trackEvent", event({ email: "not-an-address" }), vendor.ws, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Klaviyo answered 400: Invalid email address");
    const sent = vendor.fake.requests.length;
    const nan = await failure(runAppNode("app:klaviyo.trackEvent", event({ value: "lots" }), vendor.ws, scope));
    expect(nan).toBeInstanceOf(PermanentError);
    expect(nan.message).toContain('Value must be a number, got "lots"');
    expect(vendor.fake.requests.length).toBe(sent);
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/^\/api\/events$/, {
      status: 429,
      headers: { "retry-after": "3" },
      body: {
        errors: [{ status: 429, code: "throttled", title: "Request was throttled.", detail: "Request was throttled." }],
      },
    });
    const err = await failure(runAppNode("app:klaviyo.trackEvent", event(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(3000);
    const again = await runAppNode("app:klaviyo.trackEvent", event(), vendor.ws, scope);
    expect(again.output).toMatchObject({ tracked: true });
  });
});

describe("Klaviyo: list picker", () => {
  it("lists the account's lists with the key and revision", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const lists = await fieldOptions(vendor.ws.workspaceId, "klaviyo", "listId", vendor.ws.credentialId, {});
    expect(lists).toEqual([{ value: KLAVIYO_LIST, label: "Newsletter" }]);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("GET /api/lists");
    expect(req.headers.authorization).toBe(`Klaviyo-API-Key ${KLAVIYO_KEY}`);
    expect(req.headers.revision).toBe(KLAVIYO_REVISION);
    await expect(fieldOptions("ws_other", "klaviyo", "listId", vendor.ws.credentialId, {})).rejects.toThrow(
      /not found/,
    );
  });
});
