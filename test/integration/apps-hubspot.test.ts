// HubSpot against a local fake of its CRM v3 API: a contact created or updated by e-mail (batch
// upsert with idProperty=email), a deal created, the private app token as Bearer, HubSpot's
// error message in the step, 429 with Retry-After, and the contact property picker.
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { HUBSPOT_TOKEN, startFakeHubspot } from "../support/fakes/hubspot";

const vendor = withFakeVendor("hubspot", startFakeHubspot, { token: HUBSPOT_TOKEN });

const scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: { email: "ada@example.com", name: "Ada" }, receivedAt: "" },
  nodes: {},
};
const contact = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  email: "{{ trigger.body.email }}",
  firstName: "{{ trigger.body.name }}",
  property: "phone",
  value: "+44 20 7946 0000",
  properties: "company=Analytical Engines",
  ...c,
});

describe("HubSpot: create or update a contact by e-mail", () => {
  it("upserts by idProperty=email, then updates the same contact; no secret in the recorded input", async () => {
    const first = await runAppNode("app:hubspot.upsertContact", contact(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /crm/v3/objects/contacts/batch/upsert");
    expect(req.headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
    expect(req.json).toEqual({
      inputs: [
        {
          idProperty: "email",
          id: "ada@example.com",
          properties: {
            company: "Analytical Engines",
            email: "ada@example.com",
            firstname: "Ada",
            phone: "+44 20 7946 0000",
          },
        },
      ],
    });
    expect(first.output).toEqual({
      id: "100",
      created: true,
      properties: {
        company: "Analytical Engines",
        email: "ada@example.com",
        firstname: "Ada",
        phone: "+44 20 7946 0000",
      },
    });
    expect(JSON.stringify(first.input)).not.toContain(HUBSPOT_TOKEN);
    const again = await runAppNode("app:hubspot.upsertContact", contact({ properties: "" }), vendor.ws, scope);
    expect(again.output).toMatchObject({ id: "100", created: false });
    expect(vendor.fake.contacts.size).toBe(1);
  });

  it("a 400 shows HubSpot's message and is permanent", async () => {
    const err = await failure(
      runAppNode("app:hubspot.upsertContact", contact({ email: "not-an-email" }), vendor.ws, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Property values were not valid: invalid email not-an-email");
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/batch\/upsert$/, {
      status: 429,
      headers: { "retry-after": "10" },
      body: {
        status: "error",
        message: "You have reached your secondly limit.",
        errorType: "RATE_LIMIT",
        category: "RATE_LIMITS",
      },
    });
    const err = await failure(runAppNode("app:hubspot.upsertContact", contact(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(10_000);
    const again = await runAppNode("app:hubspot.upsertContact", contact(), vendor.ws, scope);
    expect(again.output).toMatchObject({ id: "100" });
  });

  it("a wrong token: HubSpot's 401 message, permanent, the token not repeated", async () => {
    const bad = await workspaceWithAccount("hubspot", { token: "pat-na1-wrong-9999" });
    const err = await failure(
      runAppNode("app:hubspot.upsertContact", contact({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Authentication credentials not found.");
    expect(`${err.message}${err.stack}`).not.toContain("pat-na1-wrong-9999");
  });
});

describe("HubSpot: create a deal", () => {
  const deal = (c: Record<string, unknown> = {}) => ({
    credentialId: vendor.ws.credentialId,
    name: "Order for {{ trigger.body.email }}",
    amount: "1500.50",
    ...c,
  });

  it("posts the deal's properties and maps the answer", async () => {
    const { input, output } = await runAppNode("app:hubspot.createDeal", deal(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("POST /crm/v3/objects/deals");
    expect(req.headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
    expect(req.json).toEqual({
      properties: {
        dealname: "Order for ada@example.com",
        pipeline: "default",
        dealstage: "appointmentscheduled",
        amount: "1500.50",
      },
    });
    expect(output).toEqual({
      id: "5001",
      properties: {
        dealname: "Order for ada@example.com",
        pipeline: "default",
        dealstage: "appointmentscheduled",
        amount: "1500.50",
      },
    });
    expect(JSON.stringify(input)).not.toContain(HUBSPOT_TOKEN);
  });

  it("a 400 shows HubSpot's message; a 429 with Retry-After is retried later", async () => {
    const err = await failure(runAppNode("app:hubspot.createDeal", deal({ amount: "lots" }), vendor.ws, scope));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain('amount "lots" is not a number');
    vendor.fake.failNext(/deals$/, {
      status: 429,
      headers: { "retry-after": "3" },
      body: { status: "error", message: "Too many" },
    });
    const later = await failure(runAppNode("app:hubspot.createDeal", deal(), vendor.ws, scope));
    expect(later).toBeInstanceOf(RetryLaterError);
    expect((later as RetryLaterError).retryAfterMs).toBe(3000);
    expect((await runAppNode("app:hubspot.createDeal", deal(), vendor.ws, scope)).output).toMatchObject({ id: "5001" });
  });
});

describe("HubSpot: contact property picker", () => {
  it("lists the writable contact properties by internal name", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const options = await fieldOptions(vendor.ws.workspaceId, "hubspot", "property", vendor.ws.credentialId, {});
    expect(options).toEqual([
      { value: "email", label: "Email" },
      { value: "phone", label: "Phone Number" },
    ]);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe("GET /crm/v3/properties/contacts");
    expect(req.headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
  });
});
