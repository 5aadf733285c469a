// Example deliveries of the developer-tool senders (types.ts).
import type { SenderSample } from "./types";

export const github: SenderSample[] = [
  {
    event: "issues.opened",
    headers: { "x-github-event": "issues", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
    body: {
      action: "opened",
      issue: { number: 42, title: "Crash on start", state: "open", user: { login: "ada" }, labels: [] },
      repository: { full_name: "example/app" },
      sender: { login: "ada" },
    },
  },
  {
    event: "push",
    headers: { "x-github-event": "push", "x-github-delivery": "9f1a0c2e-cc78-11e3-81ab-4c9367dc0958" },
    body: {
      ref: "refs/heads/main",
      after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      repository: { full_name: "example/app" },
      pusher: { name: "ada" },
      commits: [{ id: "6113728f", message: "Fix crash", author: { name: "Ada" } }],
    },
  },
];

export const standardWebhooks: SenderSample[] = [
  { event: "invoice.paid", body: { type: "invoice.paid", timestamp: "2026-12-06T05:00:00Z", data: { id: "inv_1" } } },
];

export const clerk: SenderSample[] = [
  {
    event: "user.created",
    body: {
      type: "user.created",
      object: "event",
      timestamp: 1733461200000,
      data: {
        id: "user_29w83sxmDNGwOuEthce5gg56FcC",
        first_name: "Ada",
        last_name: "Lovelace",
        email_addresses: [{ id: "idn_29w83yL7CwVlJXylYLxcslromF1", email_address: "ada@example.com" }],
        created_at: 1733461200000,
        updated_at: 1733461200000,
      },
    },
  },
];

export const linear: SenderSample[] = [
  {
    event: "Issue",
    headers: { "linear-event": "Issue", "linear-delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72" },
    body: {
      action: "create",
      type: "Issue",
      createdAt: "2026-12-06T05:00:00.000Z",
      webhookTimestamp: 1733461200000,
      url: "https://linear.app/example/issue/ENG-42",
      data: {
        id: "2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9",
        identifier: "ENG-42",
        title: "Crash on start",
        priority: 2,
        state: { name: "Todo" },
        updatedAt: "2026-12-06T05:00:00.000Z",
      },
    },
  },
];
