// Action: call any HTTP API.
import { z } from "zod";
import { defineKind, hasTemplate } from "../kind";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const headerSchema = z.object({
  name: z.string().trim().min(1, "Header name is required").regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name"),
  value: z.string(),
});

export const httpRequest = defineKind({
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

export type HttpRequestConfig = z.output<typeof httpRequest.config>;
