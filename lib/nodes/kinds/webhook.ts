// Trigger: a request reaching the flow's webhook URL.
import { z } from "zod";
import { isSafeAnswerType, UNSAFE_ANSWER_TYPE_MESSAGE } from "@/lib/webhooks/answer-types";
import { staleGuardConfig } from "@/lib/webhooks/stale-guard-config";
import { verificationConfigSchema, verificationPresets } from "@/lib/webhooks/verify/presets";
import { defineKind } from "../kind";

// The inbound contract of a flow's webhook URL: how deliveries are verified, deduplicated,
// filtered, limited and answered. Read by the ingest path from the published version.
export const webhookTriggerConfig = z
  .object({
    verification: verificationConfigSchema.default({ preset: "none" }),
    // Credential (type "webhook-secret") with the current secret and, during a rotation, the
    // previous one with the time it stops being accepted.
    secretId: z.string().max(64).optional(),
    dedupe: z
      .object({
        // preset = the sender's delivery id (Stripe event id, X-GitHub-Delivery, webhook-id...)
        by: z.enum(["preset", "json", "header", "off"]).default("preset"),
        path: z.string().max(200).optional(),
        header: z.string().max(100).optional(),
        windowHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 90)
          .default(24 * 7),
      })
      .default({ by: "preset", windowHours: 24 * 7 }),
    // Only these event types start a run (empty = all). Others are stored as "filtered".
    eventTypes: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    // JSON paths that must be present in the body (e.g. "data.object.id").
    requiredFields: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    maxBodyKb: z
      .number()
      .int()
      .min(1)
      .max(10 * 1024)
      .default(1024),
    rateLimit: z
      .object({
        perSecond: z.number().min(0.1).max(100_000).default(100),
        burst: z.number().int().min(1).max(1_000_000).default(1000),
      })
      .default({ perSecond: 100, burst: 1000 }),
    // Optional: an event older than the newest accepted for its object is stored as stale_event.
    staleGuard: staleGuardConfig.optional(),
    response: z
      .object({
        status: z.number().int().min(200).max(299).default(202),
        // Inert types only (lib/webhooks/answer-types.ts): the body may carry payload values.
        contentType: z
          .string()
          .max(100)
          .default("application/json")
          .refine(isSafeAnswerType, UNSAFE_ANSWER_TYPE_MESSAGE),
        // Empty = the default `{"received":true,"id":"<delivery id>"}`; may use {{ delivery.id }}.
        body: z.string().max(4096).default(""),
      })
      .default({ status: 202, contentType: "application/json", body: "" }),
  })
  .refine((c) => c.verification.preset === "none" || c.secretId, {
    message: "Choose the signing secret for this verification",
    path: ["secretId"],
  })
  .refine((c) => c.dedupe.by !== "json" || c.dedupe.path, {
    message: "Give the JSON path of the delivery id",
    path: ["dedupe", "path"],
  })
  .refine((c) => c.dedupe.by !== "header" || c.dedupe.header, {
    message: "Give the header that carries the delivery id",
    path: ["dedupe", "header"],
  });

export type WebhookTriggerConfig = z.output<typeof webhookTriggerConfig>;

/**
 * The webhook settings form's field labels, keyed by config path ("*" for list items): the form
 * (components/canvas/config-forms/webhook/**) reads its labels from here, and problem messages
 * name a field with them (field-labels.ts), so both say the same.
 */
export const webhookFieldLabels = {
  secretId: "Signing secret",
  verification: "Verification",
  "verification.preset": "Verification",
  "verification.toleranceSeconds": "Tolerance (seconds)",
  "verification.algorithm": "Algorithm",
  "verification.encoding": "Encoding",
  "verification.header": "Signature header",
  "verification.prefix": "Signature prefix",
  "verification.timestampHeader": "Timestamp header",
  "verification.in": "Token location",
  "verification.name": "Token name",
  "verification.username": "Username",
  "dedupe.by": "Deduplicate by",
  "dedupe.path": "JSON path of the delivery id",
  "dedupe.header": "Delivery id header",
  "dedupe.windowHours": "Dedupe window (hours)",
  eventTypes: "Event types",
  "eventTypes.*": "Event types",
  requiredFields: "Required fields",
  "requiredFields.*": "Required fields",
  maxBodyKb: "Max body (KB)",
  "rateLimit.perSecond": "Rate limit (requests/s)",
  "rateLimit.burst": "Burst",
  "response.status": "Response status",
  "response.contentType": "Response content type",
  "response.body": "Response body",
} as const satisfies Record<string, string>;

export const webhookTrigger = defineKind({
  type: "webhook",
  label: "Webhook",
  group: "Trigger",
  icon: "webhook",
  description: "Starts the flow when a request reaches the flow's webhook URL.",
  config: webhookTriggerConfig,
  defaults: {},
  summary: (c) =>
    c.verification.preset === "none"
      ? "Any POST to the webhook URL"
      : `${verificationPresets[c.verification.preset].label} signed POST`,
  sideEffect: false,
  fieldLabels: webhookFieldLabels,
});
