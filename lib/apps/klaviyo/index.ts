// Klaviyo (API revision 2024-10-15, JSON:API): subscribe a profile to a list (e-mail marketing
// consent), track an event. Auth: a private API key as "Authorization: Klaviyo-API-Key <key>".
// https://developers.klaviyo.com/en/reference/create_event
import { z } from "zod";
import { optionalText, pairs, requiredText, text } from "../fields";
import { defineApp, defineOperation, type AppRequest } from "../types";

const REVISION = { revision: "2024-10-15" };

/** The JSON:API body of a one-profile subscription job. */
const subscribeRequest = (f: { listId: string; email: string }): AppRequest => ({
  method: "POST",
  path: "/api/profile-subscription-bulk-create-jobs",
  headers: REVISION,
  body: {
    json: {
      data: {
        type: "profile-subscription-bulk-create-job",
        attributes: {
          profiles: {
            data: [
              {
                type: "profile",
                attributes: {
                  email: text(f.email),
                  subscriptions: { email: { marketing: { consent: "SUBSCRIBED" } } },
                },
              },
            ],
          },
        },
        relationships: { list: { data: { type: "list", id: text(f.listId) } } },
      },
    },
  },
});

const subscribe = defineOperation({
  id: "subscribeProfile",
  label: "Subscribe a profile",
  description: "Subscribes an e-mail address to a list's e-mail marketing.",
  fields: z.object({ listId: requiredText("List"), email: requiredText("E-mail") }),
  defaults: { listId: "", email: "" },
  sideEffect: true,
  idempotency: { kind: "none", why: "Subscribing twice leaves one subscription" },
  request: (f) => {
    if (!text(f.listId)) throw new Error("List is required");
    if (!text(f.email).includes("@")) throw new Error(`E-mail "${text(f.email).slice(0, 60)}" is not an address`);
    return subscribeRequest(f);
  },
  // 202 with no body: the job is queued; Klaviyo subscribes the profile shortly after.
  output: (_body, f) => ({ subscribed: true, email: text(f.email), listId: text(f.listId) }),
});

const trackEvent = defineOperation({
  id: "trackEvent",
  label: "Track an event",
  description: "Records an event (a metric) on a profile, e.g. Placed Order.",
  fields: z.object({
    metric: requiredText("Event name", "e.g. Placed Order"),
    email: requiredText("E-mail"),
    value: optionalText("Value", "A number, e.g. the order total"),
    properties: optionalText("Properties", "One key=value per line, or a {{ reference }} to an object", true),
  }),
  defaults: { metric: "", email: "", value: "", properties: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Klaviyo de-duplicates only by an event unique_id, not set here: a retry after a lost answer may record twice",
  },
  request: (f) => {
    const value = text(f.value);
    if (value && !Number.isFinite(Number(value)))
      throw new Error(`Value must be a number, got "${value.slice(0, 40)}"`);
    return {
      method: "POST",
      path: "/api/events",
      headers: REVISION,
      body: {
        json: {
          data: {
            type: "event",
            attributes: {
              properties: pairs(f.properties, "Properties"),
              ...(value ? { value: Number(value) } : {}),
              metric: { data: { type: "metric", attributes: { name: text(f.metric) } } },
              profile: { data: { type: "profile", attributes: { email: text(f.email) } } },
            },
          },
        },
      },
    };
  },
  // 202 with no body.
  output: (_body, f) => ({ tracked: true, metric: text(f.metric), email: text(f.email) }),
});

export const klaviyo = defineApp({
  id: "klaviyo",
  name: "Klaviyo",
  logo: "/apps/klaviyo.svg",
  description: "E-mail marketing: subscriptions and events.",
  baseUrl: "https://a.klaviyo.com",
  auth: {
    kind: "apiKey",
    parts: [{ name: "Authorization", label: "Private API key", in: "header", prefix: "Klaviyo-API-Key " }],
  },
  operations: [subscribe, trackEvent],
  errorMessage: (body) => {
    const e = (body as { errors?: Array<{ detail?: string; title?: string }> } | null)?.errors?.[0];
    return e?.detail ?? e?.title;
  },
  options: {
    listId: {
      request: () => ({ method: "GET", path: "/api/lists", headers: REVISION, query: { "fields[list]": "name" } }),
      map: (body) =>
        ((body as { data?: Array<{ id: string; attributes?: { name?: string } }> }).data ?? []).map((l) => ({
          value: l.id,
          label: l.attributes?.name ?? l.id,
        })),
    },
  },
});
