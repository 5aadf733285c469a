// Fake HubSpot CRM v3: contacts batch upsert (idProperty email), deals create; Bearer private app
// token; errors as { status: "error", message, category }.
import { bearerOf, expectOr, startFakeVendor, type FakeAnswer } from "./harness";

export const HUBSPOT_TOKEN = "pat-na1-fake-0000-1111-2222";
const invalid = (message: string): FakeAnswer => ({
  status: 400,
  body: { status: "error", message, category: "VALIDATION_ERROR" },
});

export async function startFakeHubspot() {
  const contacts = new Map<string, string>();
  const fake = await startFakeVendor({
    authorized: (r) => bearerOf(r) === HUBSPOT_TOKEN,
    unauthorized: {
      status: 401,
      body: { status: "error", message: "Authentication credentials not found.", category: "INVALID_AUTHENTICATION" },
    },
    routes: [
      {
        method: "POST",
        path: /^\/crm\/v3\/objects\/contacts\/batch\/upsert$/,
        handle: (r) => {
          const input = (
            r.json as { inputs?: Array<{ idProperty?: string; id?: string; properties?: Record<string, string> }> }
          ).inputs?.[0];
          expectOr(
            input?.idProperty === "email" && /@/.test(input.id ?? ""),
            invalid(`Property values were not valid: invalid email ${input?.id}`),
          );
          const isNew = !contacts.has(input!.id!);
          if (isNew) contacts.set(input!.id!, String(100 + contacts.size));
          return {
            body: {
              status: "COMPLETE",
              results: [{ id: contacts.get(input!.id!), properties: input!.properties, new: isNew }],
            },
          };
        },
      },
      {
        method: "GET",
        path: /^\/crm\/v3\/properties\/contacts$/,
        handle: () => ({
          body: {
            results: [
              { name: "email", label: "Email", hidden: false, modificationMetadata: { readOnlyValue: false } },
              { name: "phone", label: "Phone Number", hidden: false, modificationMetadata: { readOnlyValue: false } },
              {
                name: "hs_object_id",
                label: "Record ID",
                hidden: false,
                modificationMetadata: { readOnlyValue: true },
              },
            ],
          },
        }),
      },
      {
        method: "POST",
        path: /^\/crm\/v3\/objects\/deals$/,
        handle: (r) => {
          const p = (r.json as { properties?: Record<string, string> }).properties ?? {};
          expectOr(
            !p.amount || Number.isFinite(Number(p.amount)),
            invalid(`Property values were not valid: amount "${p.amount}" is not a number`),
          );
          return { status: 201, body: { id: "5001", properties: p } };
        },
      },
    ],
  });
  return { ...fake, contacts };
}
