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

export const verificationConfigSchema = z.discriminatedUnion("preset", [
  z.object({ preset: z.literal("none") }),
  z.object({ preset: z.literal("stripe"), toleranceSeconds }),
  z.object({ preset: z.literal("shopify") }),
  z.object({ preset: z.literal("github") }),
  z.object({ preset: z.literal("standard-webhooks"), toleranceSeconds }),
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
  z.object({
    preset: z.literal("token"),
    in: z.enum(["header", "query"], { error: "Token location must be header or query" }),
    name: z
      .string({ error: "Token name is required" })
      .trim()
      .min(1, "Token name is required")
      .max(100, "Token name is too long"),
  }),
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

export type PresetInfo = {
  label: string;
  description: string;
  /** Headers read whatever the config says (lower-case); see headersRead() for configured ones. */
  headers: readonly string[];
  needsSecret: boolean;
  /** What to paste into the secret field. */
  secretHint?: string;
  /** Absent for the generic presets: the sender is unknown. */
  deliveryPolicy?: DeliveryPolicy;
  staleGuard?: StaleGuardDefaults;
};

export const verificationPresets = {
  none: {
    label: "None",
    description: "Accept every request to the URL. Anyone who learns the URL can start the flow.",
    headers: [],
    needsSecret: false,
  },
  stripe: {
    label: "Stripe",
    description:
      "Stripe-Signature: HMAC-SHA256 of the timestamp and body; rejects deliveries outside the tolerance window.",
    headers: ["stripe-signature"],
    needsSecret: true,
    secretHint: "The endpoint's signing secret (whsec_…); test and live mode differ",
    deliveryPolicy: {
      windowSeconds: 3 * 86_400,
      endAction: "disables",
      source: "https://docs.stripe.com/webhooks#retries",
    },
    staleGuard: { objectIdPath: "data.object.id", versionPath: "created" },
  },
  shopify: {
    label: "Shopify",
    description: "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body.",
    headers: ["x-shopify-hmac-sha256"],
    needsSecret: true,
    secretHint: "The app's client secret",
    deliveryPolicy: {
      attempts: 8,
      windowSeconds: 4 * 3600,
      endAction: "removes",
      source: "https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks",
    },
    staleGuard: { objectIdPath: "id", versionHeader: "x-shopify-triggered-at", versionPath: "updated_at" },
  },
  github: {
    label: "GitHub",
    description: "X-Hub-Signature-256: sha256= HMAC of the body.",
    headers: ["x-hub-signature-256"],
    needsSecret: true,
    secretHint: "The webhook's secret",
    deliveryPolicy: {
      attempts: 1,
      windowSeconds: 0,
      endAction: "none",
      source: "https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries",
    },
  },
  "standard-webhooks": {
    label: "Standard Webhooks (Svix)",
    description:
      "webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256); rejects deliveries outside the tolerance window.",
    headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
    needsSecret: true,
    secretHint: "The endpoint's signing secret (whsec_…)",
  },
  hmac: {
    label: "Custom HMAC",
    description: "An HMAC of the body (or of `timestamp.body`) in a header of your choice.",
    headers: [],
    needsSecret: true,
    secretHint: "The shared signing secret",
  },
  token: {
    label: "Shared token",
    description: "A fixed secret in a header or query parameter. Tokens in the URL end up in logs; prefer a header.",
    headers: [],
    needsSecret: true,
    secretHint: "The token the sender includes",
  },
  basic: {
    label: "Basic auth",
    description: "Authorization: Basic with the username below and the secret as password.",
    headers: ["authorization"],
    needsSecret: true,
    secretHint: "The password",
  },
} as const satisfies Record<VerificationPreset, PresetInfo>;

/** Every header a config reads, lower-case, for the editor's "send these headers" hint. */
export function headersRead(config: VerificationConfig): string[] {
  const fixed: string[] = [...verificationPresets[config.preset].headers];
  if (config.preset === "hmac")
    return [config.header, ...(config.timestampHeader ? [config.timestampHeader] : [])].map((h) => h.toLowerCase());
  if (config.preset === "token" && config.in === "header") return [config.name.toLowerCase()];
  return fixed;
}
