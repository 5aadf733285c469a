// Fake Klaviyo API (revision 2024-10-15, JSON:API): POST /api/events and POST
// /api/profile-subscription-bulk-create-jobs (202, no body), GET /api/lists. Auth:
// "Authorization: Klaviyo-API-Key <private key>" and a `revision` header on every call; errors as
// { errors: [{ id, status, code, title, detail, source }] }.
import { expectOr, startFakeVendor, type FakeAnswer, type FakeRequest } from "./harness";

export const KLAVIYO_KEY = "pk_fake0123456789abcdef0123";
export const KLAVIYO_LIST = "Y6nRLr";
export const KLAVIYO_REVISION = "2024-10-15";

const refusal = (status: number, code: string, title: string, detail: string, pointer?: string): FakeAnswer => ({
  status,
  body: {
    errors: [
      {
        id: "5b3f1ba8-1f0c-4a1e-9e0b-2a3c4d5e6f70",
        status,
        code,
        title,
        detail,
        ...(pointer ? { source: { pointer } } : {}),
      },
    ],
  },
});
const invalid = (detail: string, pointer: string) => refusal(400, "invalid", "Invalid input.", detail, pointer);
const revised = (r: FakeRequest) =>
  expectOr(r.headers.revision === KLAVIYO_REVISION, invalid("Missing or invalid revision header", "/headers/revision"));

type Doc = { data?: Record<string, unknown> & { type?: string; attributes?: Record<string, unknown> } };
const at = (v: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), v);

export const startFakeKlaviyo = () =>
  startFakeVendor({
    authorized: (r) => r.headers.authorization === `Klaviyo-API-Key ${KLAVIYO_KEY}`,
    unauthorized: refusal(
      401,
      "not_authenticated",
      "Authentication credentials were not provided.",
      "Missing or invalid private key.",
    ),
    routes: [
      {
        method: "POST",
        path: /^\/api\/events\/?$/,
        handle: (r) => {
          revised(r);
          const d = (r.json as Doc).data;
          expectOr(d?.type === "event", invalid("'type' must be 'event'", "/data/type"));
          expectOr(
            at(d, "attributes", "metric", "data", "type") === "metric",
            invalid("A metric is required", "/data/attributes/metric"),
          );
          expectOr(
            Boolean(at(d, "attributes", "metric", "data", "attributes", "name")),
            invalid("A metric name is required", "/data/attributes/metric/data/attributes/name"),
          );
          const email = at(d, "attributes", "profile", "data", "attributes", "email");
          expectOr(
            typeof email === "string" && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email),
            invalid("Invalid email address", "/data/attributes/profile/data/attributes/email"),
          );
          const value = at(d, "attributes", "value");
          expectOr(
            value === undefined || typeof value === "number",
            invalid("'value' must be a number", "/data/attributes/value"),
          );
          return { status: 202, text: "" };
        },
      },
      {
        method: "POST",
        path: /^\/api\/profile-subscription-bulk-create-jobs\/?$/,
        handle: (r) => {
          revised(r);
          const d = (r.json as Doc).data;
          expectOr(d?.type === "profile-subscription-bulk-create-job", invalid("Invalid type", "/data/type"));
          const list = at(d, "relationships", "list", "data");
          expectOr(at(list, "type") === "list", invalid("'type' must be 'list'", "/data/relationships/list/data/type"));
          expectOr(
            at(list, "id") === KLAVIYO_LIST,
            refusal(404, "not_found", "Not found.", `A list with id ${String(at(list, "id"))} does not exist.`),
          );
          const profile = at(d, "attributes", "profiles", "data", 0);
          expectOr(
            at(profile, "type") === "profile",
            invalid("'type' must be 'profile'", "/data/attributes/profiles/data/0/type"),
          );
          expectOr(
            /@/.test(String(at(profile, "attributes", "email") ?? "")),
            invalid("Invalid email address", "/data/attributes/profiles/data/0/attributes/email"),
          );
          return { status: 202, text: "" };
        },
      },
      {
        method: "GET",
        path: /^\/api\/lists\/?$/,
        handle: (r) => {
          revised(r);
          return {
            body: {
              data: [
                {
                  type: "list",
                  id: KLAVIYO_LIST,
                  attributes: { name: "Newsletter" },
                  links: { self: "https://a.klaviyo.com/api/lists/Y6nRLr/" },
                },
              ],
              links: { self: "https://a.klaviyo.com/api/lists", next: null, prev: null },
            },
          };
        },
      },
    ],
  });
