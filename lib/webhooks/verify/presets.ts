// Verification presets as data: how each sender signs, what the editor shows, and the zod schema
// for the per-endpoint config. Browser-safe (the editor renders from it). Secrets are not part of
// the config: they are stored encrypted elsewhere and handed to the verifier as an argument.
import { z } from "zod";

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headerName = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required`, abort: true })
    .max(100, { error: `${field} is too long`, abort: true })
    .regex(HEADER_TOKEN, `${field} is not a valid header name`);

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

// Same default as the official Stripe and Standard Webhooks libraries; applied in both directions.
const toleranceSeconds = z.number().int().min(1).max(86_400).default(300);

const url = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required`, abort: true })
    .max(2000, { error: `${field} is too long`, abort: true })
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), `${field} must be an http(s) URL`);

const tokenLocation = {
  in: z.enum(["header", "query"], { error: "Token location must be header or query" }),
  name: z
    .string({ error: "Token name is required" })
    .trim()
    .min(1, "Token name is required")
    .max(100, "Token name is too long"),
};

// Senders without a signature: a shared token where their settings let one be put (the query of
// the URL, as neither lets a custom header be set).
const unsignedSender = (preset: "yotpo" | "spocket") =>
  z.object({
    preset: z.literal(preset),
    in: tokenLocation.in.default("query"),
    name: tokenLocation.name.default("token"),
  });

export const verificationConfigSchema = z.discriminatedUnion("preset", [
  z.object({ preset: z.literal("none") }),
  z.object({ preset: z.literal("stripe"), toleranceSeconds }),
  z.object({ preset: z.literal("shopify") }),
  z.object({ preset: z.literal("shopify-merchant") }),
  z.object({ preset: z.literal("github") }),
  z.object({ preset: z.literal("standard-webhooks"), toleranceSeconds }),
  z.object({ preset: z.literal("clerk"), toleranceSeconds }),
  z.object({ preset: z.literal("paypal") }),
  z.object({ preset: z.literal("woocommerce") }),
  // Square and Twilio sign the URL they called as well: the one entered at the sender, exactly.
  z.object({ preset: z.literal("square"), notificationUrl: url("Notification URL") }),
  z.object({ preset: z.literal("paddle"), toleranceSeconds }),
  z.object({ preset: z.literal("lemon-squeezy") }),
  z.object({ preset: z.literal("twilio"), url: url("Webhook URL") }),
  z.object({ preset: z.literal("slack"), toleranceSeconds }),
  z.object({ preset: z.literal("zoom"), toleranceSeconds }),
  z.object({ preset: z.literal("mailgun"), toleranceSeconds }),
  z.object({ preset: z.literal("sendgrid"), toleranceSeconds }),
  z.object({ preset: z.literal("typeform") }),
  z.object({ preset: z.literal("calendly"), toleranceSeconds }),
  z.object({ preset: z.literal("intercom") }),
  // Linear's own guidance: refuse a webhookTimestamp more than a minute away.
  z.object({ preset: z.literal("linear"), toleranceSeconds: z.number().int().min(1).max(86_400).default(60) }),
  unsignedSender("yotpo"),
  unsignedSender("spocket"),
  z.object({
    preset: z.literal("hmac"),
    algorithm: z.enum(["sha256", "sha1"]).default("sha256"),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    header: headerName("Signature header"),
    prefix: z.string().max(64, "Signature prefix is too long").default(""),
    // When set, the signed content is `${timestamp}.${rawBody}` and the timestamp is checked.
    // A blank editor field means "no timestamp", not an error.
    timestampHeader: z.preprocess(blankToUndefined, headerName("Timestamp header").optional()),
    toleranceSeconds,
  }),
  z.object({ preset: z.literal("token"), ...tokenLocation }),
  z.object({
    preset: z.literal("basic"),
    username: z
      .string({ error: "Username is required" })
      .min(1, "Username is required")
      .max(200, "Username is too long")
      .refine((u) => !u.includes(":"), "Username cannot contain a colon"),
  }),
]);

export type VerificationConfig = z.output<typeof verificationConfigSchema>;
export type VerificationConfigInput = z.input<typeof verificationConfigSchema>;
export type VerificationPreset = VerificationConfig["preset"];
export type ConfigOf<P extends VerificationPreset> = Extract<VerificationConfig, { preset: P }>;

/**
 * The sender's documented retry behaviour, for sender-aware health: how many tries (when the sender
 * counts), over how long, and what it does when they are used up. `source` is the doc URL.
 */
export type DeliveryPolicy = {
  attempts?: number;
  windowSeconds: number;
  endAction: "disables" | "removes" | "stops" | "none";
  source: string;
};

/**
 * Defaults offered for the stale-event guard: where an event names its object (a body path) and
 * its version or time (a body path, or a header).
 */
export type StaleGuardDefaults = { objectIdPath?: string; versionPath?: string; versionHeader?: string };

/** A value the sender puts in a header or in the body (a dotted JSON path); the header wins. */
export type SenderField = { header?: string; jsonPath?: string };

export type PresetGroup =
  "Payments" | "Commerce" | "Developer tools" | "Messaging" | "Forms and scheduling" | "Generic";

export type PresetInfo = {
  label: string;
  description: string;
  /** How the editor's chooser groups the presets. */
  group: PresetGroup;
  /** Headers read whatever the config says (lower-case); see headersRead() for configured ones. */
  headers: readonly string[];
  /** The header holding the signature (lower-case), stored redacted whatever the flow's preset. */
  signatureHeader?: string;
  needsSecret: boolean;
  /** What to paste into the secret field. */
  secretHint?: string;
  /** The sender's own id for a delivery, stable across its retries (dedupe; delivery-identity.ts). */
  identity?: SenderField;
  /**
   * A signed value the sender never reuses (Mailgun's signature.token), where the signature does
   * not cover the body: it is the dedupe identity whatever the dedupe setting, so one captured
   * signature cannot carry a second, made-up body (delivery-identity.ts, replayIdentity).
   */
  replayToken?: { jsonPath: string };
  /** Where the sender names the event (delivery-event-type.ts); the body's `type` otherwise. */
  eventType?: SenderField;
  /** The sender's page on how it signs (docs/senders.md lists them all). */
  docs?: string;
  /** Absent for the generic presets: the sender is unknown. */
  deliveryPolicy?: DeliveryPolicy;
  staleGuard?: StaleGuardDefaults;
};

const HOUR = 3600;
const DAY = 86_400;

// One delivery mechanism behind both Shopify presets: an app's subscription and a merchant's
// store-admin webhook sign, identify, retry and version their deliveries alike; only the key
// (and so the label, hint and docs page) differs.
const shopifyDelivery = {
  group: "Commerce",
  headers: ["x-shopify-hmac-sha256"],
  signatureHeader: "x-shopify-hmac-sha256",
  needsSecret: true,
  identity: { header: "x-shopify-webhook-id" },
  eventType: { header: "x-shopify-topic" },
  deliveryPolicy: {
    attempts: 8,
    windowSeconds: 4 * HOUR,
    endAction: "removes",
    source: "https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks",
  },
  staleGuard: { objectIdPath: "id", versionHeader: "x-shopify-triggered-at", versionPath: "updated_at" },
} as const satisfies Partial<PresetInfo>;

export const verificationPresets = {
  none: {
    label: "None",
    group: "Generic",
    description: "Accept every request to the URL. Anyone who learns the URL can start the flow.",
    headers: [],
    needsSecret: false,
  },
  stripe: {
    label: "Stripe",
    group: "Payments",
    description:
      "Stripe-Signature: HMAC-SHA256 of the timestamp and body; rejects deliveries outside the tolerance window.",
    headers: ["stripe-signature"],
    signatureHeader: "stripe-signature",
    needsSecret: true,
    secretHint: "The endpoint's signing secret (whsec_…); test and live mode differ",
    identity: { jsonPath: "id" },
    eventType: { jsonPath: "type" },
    docs: "https://docs.stripe.com/webhooks#verify-events",
    deliveryPolicy: {
      windowSeconds: 3 * DAY,
      endAction: "disables",
      source: "https://docs.stripe.com/webhooks#retries",
    },
    staleGuard: { objectIdPath: "data.object.id", versionPath: "created" },
  },
  shopify: {
    ...shopifyDelivery,
    label: "Shopify",
    description: "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body, keyed by the app's client secret.",
    secretHint: "The app's client secret",
    docs: "https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook",
  },
  "shopify-merchant": {
    ...shopifyDelivery,
    label: "Shopify (store admin)",
    description:
      "A webhook a merchant created under Settings → Notifications → Webhooks: the same X-Shopify-Hmac-Sha256 signature, keyed by the store's webhook signing key instead of an app's secret.",
    secretHint: 'The key shown under the store\'s webhook list ("Your webhooks will be signed with …")',
    docs: "https://help.shopify.com/en/manual/fulfillment/setup/notifications/webhooks",
  },
  github: {
    label: "GitHub",
    group: "Developer tools",
    description: "X-Hub-Signature-256: sha256= HMAC of the body.",
    headers: ["x-hub-signature-256"],
    signatureHeader: "x-hub-signature-256",
    needsSecret: true,
    secretHint: "The webhook's secret",
    identity: { header: "x-github-delivery" },
    eventType: { header: "x-github-event" },
    docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
    deliveryPolicy: {
      attempts: 1,
      windowSeconds: 0,
      endAction: "none",
      source: "https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries",
    },
  },
  "standard-webhooks": {
    label: "Standard Webhooks (Svix)",
    group: "Generic",
    description:
      "webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256); rejects deliveries outside the tolerance window.",
    headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
    signatureHeader: "webhook-signature",
    needsSecret: true,
    secretHint: "The endpoint's signing secret (whsec_…)",
    identity: { header: "webhook-id" },
    eventType: { jsonPath: "type" },
    docs: "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
  },
  clerk: {
    label: "Clerk (Svix)",
    group: "Developer tools",
    description:
      "svix-id, svix-timestamp and svix-signature: Svix's v1 HMAC-SHA256 of id, timestamp and body; rejects deliveries outside the tolerance window.",
    headers: ["svix-id", "svix-timestamp", "svix-signature"],
    signatureHeader: "svix-signature",
    needsSecret: true,
    secretHint: "The endpoint's signing secret from the Clerk dashboard (whsec_…)",
    identity: { header: "svix-id" },
    eventType: { jsonPath: "type" },
    docs: "https://clerk.com/docs/webhooks/sync-data",
    deliveryPolicy: {
      attempts: 8,
      windowSeconds: 5 + 5 * 60 + 30 * 60 + 2 * HOUR + 5 * HOUR + 10 * HOUR + 10 * HOUR,
      endAction: "disables",
      source: "https://docs.svix.com/retries",
    },
    staleGuard: { objectIdPath: "data.id", versionPath: "data.updated_at" },
  },
  paypal: {
    label: "PayPal",
    group: "Payments",
    description:
      "PAYPAL-TRANSMISSION-SIG: an RSA-SHA256 signature of the transmission id, time, webhook id and the body's CRC32, checked with PayPal's certificate (fetched from PayPal's own hosts only, cached).",
    headers: [
      "paypal-transmission-id",
      "paypal-transmission-time",
      "paypal-transmission-sig",
      "paypal-cert-url",
      "paypal-auth-algo",
    ],
    signatureHeader: "paypal-transmission-sig",
    needsSecret: true,
    secretHint: "The webhook ID from the PayPal app's webhook list (not secret, but it is what the signature covers)",
    identity: { jsonPath: "id" },
    eventType: { jsonPath: "event_type" },
    docs: "https://developer.paypal.com/api/rest/webhooks/rest/#link-verifysignature",
    deliveryPolicy: {
      attempts: 25,
      windowSeconds: 3 * DAY,
      endAction: "stops",
      source: "https://developer.paypal.com/api/rest/webhooks/rest/",
    },
    staleGuard: { objectIdPath: "resource.id", versionPath: "resource.update_time" },
  },
  square: {
    label: "Square",
    group: "Payments",
    description: "x-square-hmacsha256-signature: base64 HMAC-SHA256 of the notification URL followed by the body.",
    headers: ["x-square-hmacsha256-signature"],
    signatureHeader: "x-square-hmacsha256-signature",
    needsSecret: true,
    secretHint: "The subscription's signature key",
    identity: { jsonPath: "event_id" },
    eventType: { jsonPath: "type" },
    docs: "https://developer.squareup.com/docs/webhooks/step3validate",
    deliveryPolicy: {
      windowSeconds: DAY,
      endAction: "stops",
      source: "https://developer.squareup.com/docs/webhooks/step4manage#retries",
    },
    staleGuard: { objectIdPath: "data.id", versionPath: "created_at" },
  },
  paddle: {
    label: "Paddle Billing",
    group: "Payments",
    description:
      "Paddle-Signature: ts=…;h1=… where h1 is the hex HMAC-SHA256 of `ts:body`; rejects deliveries outside the tolerance window.",
    headers: ["paddle-signature"],
    signatureHeader: "paddle-signature",
    needsSecret: true,
    secretHint: "The notification destination's secret key (pdl_ntfset_…)",
    identity: { jsonPath: "notification_id" },
    eventType: { jsonPath: "event_type" },
    docs: "https://developer.paddle.com/webhooks/signature-verification",
    deliveryPolicy: {
      attempts: 60,
      windowSeconds: 3 * DAY,
      endAction: "stops",
      source: "https://developer.paddle.com/webhooks/respond-to-webhooks",
    },
    staleGuard: { objectIdPath: "data.id", versionPath: "data.updated_at" },
  },
  "lemon-squeezy": {
    label: "Lemon Squeezy",
    group: "Payments",
    description: "X-Signature: hex HMAC-SHA256 of the body.",
    headers: ["x-signature"],
    signatureHeader: "x-signature",
    needsSecret: true,
    secretHint: "The webhook's signing secret",
    eventType: { header: "x-event-name", jsonPath: "meta.event_name" },
    docs: "https://docs.lemonsqueezy.com/help/webhooks/signing-requests",
    deliveryPolicy: {
      attempts: 4,
      windowSeconds: 5 + 25 + 125,
      endAction: "stops",
      source: "https://docs.lemonsqueezy.com/help/webhooks/webhook-requests",
    },
    staleGuard: { objectIdPath: "data.id", versionPath: "data.attributes.updated_at" },
  },
  woocommerce: {
    label: "WooCommerce",
    group: "Commerce",
    description: "X-WC-Webhook-Signature: base64 HMAC-SHA256 of the body.",
    headers: ["x-wc-webhook-signature"],
    signatureHeader: "x-wc-webhook-signature",
    needsSecret: true,
    secretHint: "The webhook's secret (WooCommerce → Settings → Advanced → Webhooks)",
    identity: { header: "x-wc-webhook-delivery-id" },
    eventType: { header: "x-wc-webhook-topic" },
    docs: "https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks",
    deliveryPolicy: {
      attempts: 1,
      windowSeconds: 0,
      endAction: "disables",
      source: "https://woocommerce.com/document/webhooks/",
    },
    staleGuard: { objectIdPath: "id", versionPath: "date_modified_gmt" },
  },
  twilio: {
    label: "Twilio",
    group: "Messaging",
    description:
      "X-Twilio-Signature: base64 HMAC-SHA1 of the webhook URL and the sorted form parameters (for JSON bodies, the URL with its bodySHA256).",
    headers: ["x-twilio-signature"],
    signatureHeader: "x-twilio-signature",
    needsSecret: true,
    secretHint: "The account's Auth Token",
    identity: { header: "i-twilio-idempotency-token" },
    eventType: { jsonPath: "MessageStatus" },
    docs: "https://www.twilio.com/docs/usage/webhooks/webhooks-security",
    deliveryPolicy: {
      attempts: 1,
      windowSeconds: 0,
      endAction: "none",
      source: "https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides",
    },
    staleGuard: { objectIdPath: "MessageSid" },
  },
  slack: {
    label: "Slack",
    group: "Messaging",
    description:
      "X-Slack-Signature: v0= hex HMAC-SHA256 of `v0:timestamp:body` (X-Slack-Request-Timestamp); rejects deliveries outside the tolerance window.",
    headers: ["x-slack-signature", "x-slack-request-timestamp"],
    signatureHeader: "x-slack-signature",
    needsSecret: true,
    secretHint: "The app's Signing Secret",
    identity: { jsonPath: "event_id" },
    eventType: { jsonPath: "event.type" },
    docs: "https://api.slack.com/authentication/verifying-requests-from-slack",
    deliveryPolicy: {
      attempts: 4,
      windowSeconds: 6 * 60,
      endAction: "disables",
      source: "https://api.slack.com/apis/events-api#retries",
    },
  },
  zoom: {
    label: "Zoom",
    group: "Messaging",
    description:
      "x-zm-signature: v0= hex HMAC-SHA256 of `v0:timestamp:body` (x-zm-request-timestamp); rejects deliveries outside the tolerance window.",
    headers: ["x-zm-signature", "x-zm-request-timestamp"],
    signatureHeader: "x-zm-signature",
    needsSecret: true,
    secretHint: "The app's webhook Secret Token",
    eventType: { jsonPath: "event" },
    docs: "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events",
    deliveryPolicy: {
      attempts: 4,
      windowSeconds: (5 + 30 + 90) * 60,
      endAction: "stops",
      source: "https://developers.zoom.us/docs/api/webhooks/#notification-delivery",
    },
    staleGuard: { objectIdPath: "payload.object.id", versionPath: "event_ts" },
  },
  mailgun: {
    label: "Mailgun",
    group: "Messaging",
    description:
      "A signature object in the body: hex HMAC-SHA256 of its timestamp and token; rejects deliveries outside the tolerance window.",
    headers: [],
    needsSecret: true,
    secretHint: "The HTTP webhook signing key (Sending → Webhooks)",
    identity: { jsonPath: "event-data.id" },
    replayToken: { jsonPath: "signature.token" },
    eventType: { jsonPath: "event-data.event" },
    docs: "https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks",
    deliveryPolicy: {
      attempts: 8,
      windowSeconds: 8 * HOUR,
      endAction: "stops",
      source: "https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#webhooks",
    },
    staleGuard: { objectIdPath: "event-data.message.headers.message-id", versionPath: "event-data.timestamp" },
  },
  sendgrid: {
    label: "SendGrid",
    group: "Messaging",
    description:
      "X-Twilio-Email-Event-Webhook-Signature: an ECDSA (P-256, SHA-256) signature of the timestamp and body, checked with the public verification key; rejects deliveries outside the tolerance window.",
    headers: ["x-twilio-email-event-webhook-signature", "x-twilio-email-event-webhook-timestamp"],
    signatureHeader: "x-twilio-email-event-webhook-signature",
    needsSecret: true,
    secretHint: "The Event Webhook's verification key (the base64 public key SendGrid shows)",
    eventType: { jsonPath: "0.event" },
    docs: "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features",
    deliveryPolicy: {
      windowSeconds: DAY,
      endAction: "stops",
      source: "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event",
    },
    staleGuard: { objectIdPath: "0.sg_message_id", versionPath: "0.timestamp" },
  },
  typeform: {
    label: "Typeform",
    group: "Forms and scheduling",
    description: "Typeform-Signature: sha256= base64 HMAC-SHA256 of the body.",
    headers: ["typeform-signature"],
    signatureHeader: "typeform-signature",
    needsSecret: true,
    secretHint: "The webhook's secret",
    identity: { jsonPath: "event_id" },
    eventType: { jsonPath: "event_type" },
    docs: "https://www.typeform.com/developers/webhooks/secure-your-webhooks/",
    deliveryPolicy: {
      windowSeconds: 10 * HOUR,
      endAction: "disables",
      source: "https://www.typeform.com/developers/webhooks/",
    },
    staleGuard: { objectIdPath: "form_response.token", versionPath: "form_response.submitted_at" },
  },
  calendly: {
    label: "Calendly",
    group: "Forms and scheduling",
    description:
      "Calendly-Webhook-Signature: t=…,v1=… where v1 is the hex HMAC-SHA256 of `t.body`; rejects deliveries outside the tolerance window.",
    headers: ["calendly-webhook-signature"],
    signatureHeader: "calendly-webhook-signature",
    needsSecret: true,
    secretHint: "The signing key given when the webhook subscription was created",
    eventType: { jsonPath: "event" },
    docs: "https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures",
    deliveryPolicy: {
      windowSeconds: DAY,
      endAction: "disables",
      source: "https://developer.calendly.com/api-docs/ZG9jOjM2MzE2MDM4-webhook-subscriptions",
    },
    staleGuard: { objectIdPath: "payload.uri", versionPath: "payload.updated_at" },
  },
  intercom: {
    label: "Intercom",
    group: "Messaging",
    description: "X-Hub-Signature: sha1= hex HMAC-SHA1 of the body, keyed by the app's client secret.",
    headers: ["x-hub-signature"],
    signatureHeader: "x-hub-signature",
    needsSecret: true,
    secretHint: "The app's client secret (Developer Hub → Basic information)",
    identity: { jsonPath: "id" },
    eventType: { jsonPath: "topic" },
    docs: "https://developers.intercom.com/docs/webhooks/webhook-notifications#signed-notifications",
    deliveryPolicy: {
      attempts: 2,
      windowSeconds: 60,
      endAction: "disables",
      source: "https://developers.intercom.com/docs/webhooks/webhook-notifications#handling-failures",
    },
    staleGuard: { objectIdPath: "data.item.id", versionPath: "data.item.updated_at" },
  },
  linear: {
    label: "Linear",
    group: "Developer tools",
    description:
      "Linear-Signature: hex HMAC-SHA256 of the body; the body's webhookTimestamp must be within the tolerance window.",
    headers: ["linear-signature"],
    signatureHeader: "linear-signature",
    needsSecret: true,
    secretHint: "The webhook's signing secret (lin_wh_…)",
    identity: { header: "linear-delivery" },
    eventType: { header: "linear-event" },
    docs: "https://linear.app/developers/webhooks#securing-webhooks",
    deliveryPolicy: {
      attempts: 4,
      windowSeconds: 60 + HOUR + 6 * HOUR,
      endAction: "disables",
      source: "https://linear.app/developers/webhooks#webhook-retries",
    },
    staleGuard: { objectIdPath: "data.id", versionPath: "data.updatedAt" },
  },
  yotpo: {
    label: "Yotpo (custom endpoint)",
    group: "Commerce",
    description:
      "Yotpo's custom endpoints send no signature: put a random token in the URL you give Yotpo (?token=…) and it is compared here.",
    headers: [],
    needsSecret: true,
    secretHint: "A random token you add to the URL in Yotpo",
    docs: "https://support.yotpo.com/docs/using-webhooks",
  },
  spocket: {
    label: "Spocket",
    group: "Commerce",
    description:
      "Spocket's webhooks send no signature: put a random token in the URL you give Spocket (?token=…) and it is compared here.",
    headers: [],
    needsSecret: true,
    secretHint: "A random token you add to the URL in Spocket",
    docs: "https://help.spocket.co/",
  },
  hmac: {
    label: "Custom HMAC",
    group: "Generic",
    description: "An HMAC of the body (or of `timestamp.body`) in a header of your choice.",
    headers: [],
    needsSecret: true,
    secretHint: "The shared signing secret",
  },
  token: {
    label: "Shared token",
    group: "Generic",
    description: "A fixed secret in a header or query parameter. Tokens in the URL end up in logs; prefer a header.",
    headers: [],
    needsSecret: true,
    secretHint: "The token the sender includes",
  },
  basic: {
    label: "Basic auth",
    group: "Generic",
    description: "Authorization: Basic with the username below and the secret as password.",
    headers: ["authorization"],
    signatureHeader: "authorization",
    needsSecret: true,
    secretHint: "The password",
  },
} as const satisfies Record<VerificationPreset, PresetInfo>;

/** Where a token-compared preset (token, and the unsigned senders) finds its token; null for the others. */
export function tokenLocationOf(config: VerificationConfig): { in: "header" | "query"; name: string } | null {
  return config.preset === "token" || config.preset === "yotpo" || config.preset === "spocket"
    ? { in: config.in, name: config.name }
    : null;
}

/** Every header a config reads, lower-case, for the editor's "send these headers" hint. */
export function headersRead(config: VerificationConfig): string[] {
  const fixed: string[] = [...verificationPresets[config.preset].headers];
  if (config.preset === "hmac")
    return [config.header, ...(config.timestampHeader ? [config.timestampHeader] : [])].map((h) => h.toLowerCase());
  const token = tokenLocationOf(config);
  if (token) return token.in === "header" ? [token.name.toLowerCase()] : [];
  return fixed;
}
