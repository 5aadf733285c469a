// The node catalog: the one place a node kind is declared (label, group, icon, config schema,
// defaults, one-line summary). Safe for the browser: the canvas, the config forms, graph
// validation and the engine all read it. Server-only executors live in lib/engine/executors.
import { z } from "zod";

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

const webhookTrigger = defineKind({
  type: "webhook",
  label: "Webhook",
  group: "Trigger",
  icon: "webhook",
  description: "Starts the flow when a request reaches the flow's webhook URL.",
  config: z.object({}),
  defaults: {},
  summary: () => "POST to the flow's webhook URL",
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
