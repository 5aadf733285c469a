// The node catalog: the one place a node kind is declared (label, group, icon, config schema,
// defaults, one-line summary). Safe for the browser: the canvas, the config forms, graph
// validation and the engine all read it. Server-only executors live in lib/engine/executors.
import { z } from "zod";
import { verificationConfigSchema, verificationPresets } from "@/lib/webhooks/verify/presets";

export type NodeGroup = "Trigger" | "Actions" | "Logic";

/** Names of the icons drawn by components/ui/node-icon.tsx (SVG, no emoji font needed). */
export type NodeIconName = "webhook" | "globe";

export type NodeKind<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  group: NodeGroup;
  icon: NodeIconName;
  description: string;
  config: S;
  defaults: z.input<S>;
  /** One line shown on the canvas node, e.g. "POST api.trello.com/1/cards". */
  summary: (config: z.output<S>) => string;
  /** Sends something to the outside world (skipped in previews, gets an idempotency key). */
  sideEffect: boolean;
};

const defineKind = <S extends z.ZodType>(kind: NodeKind<S>) => kind;

const hasTemplate = (s: string) => s.includes("{{");

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

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
        windowHours: z.number().int().min(1).max(24 * 90).default(24 * 7),
      })
      .default({ by: "preset", windowHours: 24 * 7 }),
    // Only these event types start a run (empty = all). Others are stored as "filtered".
    eventTypes: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    // JSON paths that must be present in the body (e.g. "data.object.id").
    requiredFields: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    maxBodyKb: z.number().int().min(1).max(10 * 1024).default(1024),
    rateLimit: z
      .object({ perSecond: z.number().min(0.1).max(100_000).default(100), burst: z.number().int().min(1).max(1_000_000).default(1000) })
      .default({ perSecond: 100, burst: 1000 }),
    response: z
      .object({
        status: z.number().int().min(200).max(299).default(202),
        contentType: z.string().max(100).default("application/json"),
        // Empty = the default `{"received":true,"id":"<delivery id>"}`; may use {{ delivery.id }}.
        body: z.string().max(4096).default(""),
      })
      .default({ status: 202, contentType: "application/json", body: "" }),
  })
  .refine((c) => c.verification.preset === "none" || c.secretId, { message: "Choose the signing secret for this verification", path: ["secretId"] })
  .refine((c) => c.dedupe.by !== "json" || c.dedupe.path, { message: "Give the JSON path of the delivery id", path: ["dedupe", "path"] })
  .refine((c) => c.dedupe.by !== "header" || c.dedupe.header, { message: "Give the header that carries the delivery id", path: ["dedupe", "header"] });

export type WebhookTriggerConfig = z.output<typeof webhookTriggerConfig>;

const webhookTrigger = defineKind({
  type: "webhook",
  label: "Webhook",
  group: "Trigger",
  icon: "webhook",
  description: "Starts the flow when a request reaches the flow's webhook URL.",
  config: webhookTriggerConfig,
  defaults: {},
  summary: (c) => (c.verification.preset === "none" ? "Any POST to the webhook URL" : `${verificationPresets[c.verification.preset].label} signed POST`),
  sideEffect: false,
});

const headerSchema = z.object({
  name: z.string().trim().min(1, "Header name is required").regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name"),
  value: z.string(),
});

const httpRequest = defineKind({
  type: "http",
  label: "HTTP request",
  group: "Actions",
  icon: "globe",
  description: "Calls any HTTP API: a CRM, Trello, Notion, an inventory system, Stripe or Shopify.",
  config: z.object({
    method: z.enum(httpMethods).default("POST"),
    url: z
      .string()
      .trim()
      .min(1, "URL is required")
      .refine((u) => hasTemplate(u) || /^https?:\/\/[^\s/]+/.test(u), "URL must start with http:// or https://"),
    headers: z.array(headerSchema).max(50).default([]),
    // A JSON template: a string that is exactly one {{ reference }} keeps the value's type.
    body: z
      .string()
      .max(100_000)
      .default("")
      .refine((b) => {
        if (b.trim() === "") return true;
        try {
          JSON.parse(b);
          return true;
        } catch {
          return false;
        }
      }, "Body must be valid JSON (put {{ references }} inside strings)"),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  }),
  defaults: { method: "POST", url: "", headers: [], body: "", timeoutMs: 30_000 },
  summary: (c) => {
    if (!c.url) return `${c.method} (no URL yet)`;
    const shown = c.url.replace(/^https?:\/\//, "");
    return `${c.method} ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`;
  },
  sideEffect: true,
});

export const nodeCatalog = [webhookTrigger, httpRequest] as const satisfies readonly NodeKind[];

export type NodeType = (typeof nodeCatalog)[number]["type"];

const byType = new Map<string, NodeKind>(nodeCatalog.map((k) => [k.type, k as unknown as NodeKind]));

export function getNodeKind(type: string): NodeKind | undefined {
  return byType.get(type);
}

export const isTriggerType = (type: string) => getNodeKind(type)?.group === "Trigger";

export type HttpRequestConfig = z.output<typeof httpRequest.config>;
