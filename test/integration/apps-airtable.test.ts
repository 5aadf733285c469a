// Airtable against a local fake of its Web API: a record created (POST) or upserted (PATCH with
// performUpsert.fieldsToMergeOn), the personal access token as Bearer, Airtable's error message
// in the step, 429 with Retry-After, and the base and table pickers (meta API).
import { describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, withFakeVendor, workspaceWithAccount } from "../support/fakes/app-test";
import { AIRTABLE_BASE, AIRTABLE_TOKEN, startFakeAirtable } from "../support/fakes/airtable";

const vendor = withFakeVendor("airtable", startFakeAirtable, { token: AIRTABLE_TOKEN });

const scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    body: { email: "ada@example.com", orders: 2, customer: { Name: "Linus" } },
    receivedAt: "",
  },
  nodes: {},
};
const record = (c: Record<string, unknown> = {}) => ({
  credentialId: vendor.ws.credentialId,
  baseId: AIRTABLE_BASE,
  table: "Customers",
  fields: "Email={{ trigger.body.email }}\nOrders={{ trigger.body.orders }}",
  mergeOn: "Email",
  ...c,
});

describe("Airtable: create or update a record", () => {
  it("upserts with performUpsert.fieldsToMergeOn and updates the matching record; no secret in the input", async () => {
    const { input, output } = await runAppNode("app:airtable.upsertRecord", record(), vendor.ws, scope);
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe(`PATCH /v0/${AIRTABLE_BASE}/Customers`);
    expect(req.headers.authorization).toBe(`Bearer ${AIRTABLE_TOKEN}`);
    expect(req.json).toEqual({
      performUpsert: { fieldsToMergeOn: ["Email"] },
      records: [{ fields: { Email: "ada@example.com", Orders: "2" } }],
      typecast: true,
    });
    expect(output).toEqual({ id: "rec1", created: false, fields: { Email: "ada@example.com", Orders: "2" } });
    expect(JSON.stringify(input)).not.toContain(AIRTABLE_TOKEN);
  });

  it("creates when nothing matches, and without merge fields posts a new record", async () => {
    const upserted = await runAppNode(
      "app:airtable.upsertRecord",
      record({ fields: "Email=grace@example.com" }),
      vendor.ws,
      scope,
    );
    expect(upserted.output).toEqual({ id: "rec2", created: true, fields: { Email: "grace@example.com" } });
    const created = await runAppNode(
      "app:airtable.upsertRecord",
      record({ fields: "{{ trigger.body.customer }}", mergeOn: "", table: "tblCustomers00001" }),
      vendor.ws,
      scope,
    );
    const req = vendor.fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe(`POST /v0/${AIRTABLE_BASE}/tblCustomers00001`);
    expect(req.json).toEqual({ records: [{ fields: { Name: "Linus" } }], typecast: true });
    expect(created.output).toEqual({ id: "rec3", created: true, fields: { Name: "Linus" } });
  });

  it("a 422 shows Airtable's message and is permanent; a table name cannot walk the path", async () => {
    const err = await failure(
      runAppNode("app:airtable.upsertRecord", record({ fields: "Colour=red" }), vendor.ws, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain('Unknown field name: "Colour"');
    const walk = await failure(
      runAppNode("app:airtable.upsertRecord", record({ table: "../meta/bases" }), vendor.ws, scope),
    );
    expect(walk).toBeInstanceOf(PermanentError);
    expect(vendor.fake.requests.at(-1)!.path).toBe(`/v0/${AIRTABLE_BASE}/..%2Fmeta%2Fbases`);
    expect(walk.message).toContain("Could not find table");
  });

  it("a 429 with Retry-After is retried later, and the retry succeeds", async () => {
    vendor.fake.failNext(/^\/v0\/app/, {
      status: 429,
      headers: { "retry-after": "30" },
      body: { errors: [{ error: "RATE_LIMIT_REACHED", message: "Rate limit exceeded. Please try again later" }] },
    });
    const err = await failure(runAppNode("app:airtable.upsertRecord", record(), vendor.ws, scope));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(30_000);
    const again = await runAppNode("app:airtable.upsertRecord", record(), vendor.ws, scope);
    expect(again.output).toMatchObject({ id: "rec1" });
  });

  it("a wrong token: Airtable's 401 message, permanent, the token not repeated", async () => {
    const bad = await workspaceWithAccount("airtable", { token: "patWRONG.999999999" });
    const err = await failure(
      runAppNode("app:airtable.upsertRecord", record({ credentialId: bad.credentialId }), bad, scope),
    );
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Authentication required");
    expect(`${err.message}${err.stack}`).not.toContain("patWRONG.999999999");
  });
});

describe("Airtable: base and table pickers", () => {
  it("lists writable bases, then the chosen base's tables", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const bases = await fieldOptions(vendor.ws.workspaceId, "airtable", "baseId", vendor.ws.credentialId, {});
    expect(bases).toEqual([{ value: AIRTABLE_BASE, label: "Shop" }]);
    expect(vendor.fake.calls().at(-1)).toBe("GET /v0/meta/bases");
    expect(vendor.fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${AIRTABLE_TOKEN}`);
    const tables = await fieldOptions(vendor.ws.workspaceId, "airtable", "table", vendor.ws.credentialId, {
      baseId: AIRTABLE_BASE,
    });
    expect(tables).toEqual([{ value: "tblCustomers00001", label: "Customers" }]);
    expect(vendor.fake.calls().at(-1)).toBe(`GET /v0/meta/bases/${AIRTABLE_BASE}/tables`);
    await expect(fieldOptions(vendor.ws.workspaceId, "airtable", "table", vendor.ws.credentialId, {})).rejects.toThrow(
      /Choose baseId first/,
    );
  });
});
