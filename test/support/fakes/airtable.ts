// Fake Airtable Web API: POST (create) and PATCH with performUpsert on /v0/:base/:table; Bearer PAT;
// errors as { error: { type, message } }.
import { bearerOf, expectOr, startFakeVendor, type FakeRoute } from "./harness";

export const AIRTABLE_TOKEN = "patFAKE.0123456789abcdef";
export const AIRTABLE_BASE = "appLkNDICXNqxSDhG";

export async function startFakeAirtable() {
  const records: Array<{ id: string; fields: Record<string, string> }> = [
    { id: "rec1", fields: { Email: "ada@example.com", Orders: "1" } },
  ];
  const table = (path: string) => /^\/v0\/([^/]+)\/([^/]+)$/.exec(path);
  const fake = await startFakeVendor({
    authorized: (r) => bearerOf(r) === AIRTABLE_TOKEN,
    unauthorized: {
      status: 401,
      body: { error: { type: "AUTHENTICATION_REQUIRED", message: "Authentication required" } },
    },
    routes: [
      {
        method: "GET",
        path: /^\/v0\/meta\/bases$/,
        handle: () => ({
          body: {
            bases: [
              { id: AIRTABLE_BASE, name: "Shop", permissionLevel: "create" },
              { id: "appReadOnly000000", name: "Reports", permissionLevel: "read" },
            ],
          },
        }),
      },
      {
        method: "GET",
        path: /^\/v0\/meta\/bases\/([^/]+)\/tables$/,
        handle: (_r, m) => {
          expectOr(m[1] === AIRTABLE_BASE, {
            status: 404,
            body: { error: { type: "NOT_FOUND", message: "Could not find base" } },
          });
          return {
            body: {
              tables: [
                { id: "tblCustomers00001", name: "Customers", primaryFieldId: "fldEmail", fields: [], views: [] },
              ],
            },
          };
        },
      },
      ...["POST", "PATCH"].map((method): FakeRoute => ({
        method,
        path: /^\/v0\/[^/]+\/[^/]+$/,
        handle: (r) => {
          const m = table(r.path)!;
          expectOr(m[1] === AIRTABLE_BASE && ["Customers", "tblCustomers00001"].includes(decodeURIComponent(m[2]!)), {
            status: 404,
            body: { error: { type: "TABLE_NOT_FOUND", message: "Could not find table Customers in the base" } },
          });
          const b = r.json as {
            records: Array<{ fields: Record<string, string> }>;
            performUpsert?: { fieldsToMergeOn: string[] };
          };
          const fields = b.records[0]!.fields;
          const unknown = Object.keys(fields).find((k) => !["Email", "Orders", "Name"].includes(k));
          expectOr(!unknown, {
            status: 422,
            body: { error: { type: "UNKNOWN_FIELD_NAME", message: `Unknown field name: "${unknown}"` } },
          });
          const merge = b.performUpsert?.fieldsToMergeOn ?? [];
          const found = merge.length ? records.find((x) => merge.every((k) => x.fields[k] === fields[k])) : undefined;
          if (found) {
            Object.assign(found.fields, fields);
            return { body: { records: [found], createdRecords: [], updatedRecords: [found.id] } };
          }
          const rec = { id: `rec${records.length + 1}`, fields };
          records.push(rec);
          return {
            body: { records: [rec], ...(method === "PATCH" ? { createdRecords: [rec.id], updatedRecords: [] } : {}) },
          };
        },
      })),
    ],
  });
  return { ...fake, records };
}
