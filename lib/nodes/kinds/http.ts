// Action: call any HTTP API. Browser-safe declaration; the executor is lib/engine/executors/http.ts.
import { z } from "zod";
import { defineKind, hasTemplate } from "../kind";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
export const httpBodyTypes = ["json", "form", "raw"] as const;
export const httpResponseFormats = ["auto", "json", "text"] as const;

/** Auth modes and the credential type each one takes (lib/credentials/types.ts). */
export const httpAuthCredentialType = { bearer: "bearer-token", basic: "basic-auth", header: "header" } as const;
export const httpAuthModes = ["none", "bearer", "basic", "header"] as const;

const headerName = z
  .string()
  .trim()
  .min(1, "Header name is required")
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name");
const headerSchema = z.object({ name: headerName, value: z.string() });
const pairSchema = z.object({ name: z.string().trim().min(1, "Name is required"), value: z.string() });

/** "200-299, 404": status codes and ranges that count as success. */
export function parseStatusList(text: string): Array<[number, number]> | string {
  const ranges: Array<[number, number]> = [];
  for (const raw of text.split(",")) {
    const part = raw.trim().toLowerCase();
    if (!part) continue;
    const xx = /^([1-5])xx$/.exec(part);
    const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    if (xx) ranges.push([Number(xx[1]) * 100, Number(xx[1]) * 100 + 99]);
    else if (m && Number(m[1]) >= 100 && Number(m[2] ?? m[1]) <= 599 && Number(m[1]) <= Number(m[2] ?? m[1]))
      ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
    else return `"${raw.trim()}" is not a status code or range (e.g. 200-299, 404, 2xx)`;
  }
  return ranges.length ? ranges : "List at least one status code or range";
}

const isJson = (b: string) => {
  try {
    JSON.parse(b);
    return true;
  } catch {
    return false;
  }
};

export const httpRequest = defineKind({
  type: "http",
  label: "HTTP request",
  group: "Actions",
  icon: "globe",
  description: "Calls any HTTP API: a CRM, Trello, Notion, an inventory system, Stripe or Shopify.",
  config: z
    .object({
      method: z.enum(httpMethods).default("POST"),
      url: z
        .string()
        .trim()
        .min(1, "URL is required")
        .refine((u) => hasTemplate(u) || /^https?:\/\/[^\s/]+/.test(u), "URL must start with http:// or https://"),
      // Added to the URL's query string (values are templates, encoded when sent).
      query: z.array(pairSchema).max(50).default([]),
      headers: z.array(headerSchema).max(50).default([]),
      bodyType: z.enum(httpBodyTypes).default("json"),
      // json: a JSON template (a string that is exactly one {{ reference }} keeps the value's type);
      // raw: text sent as it is after templating. Empty = no body.
      body: z.string().max(100_000).default(""),
      // form: application/x-www-form-urlencoded fields.
      form: z.array(pairSchema).max(100).default([]),
      // raw: its Content-Type.
      contentType: z.string().trim().max(200).default("text/plain"),
      auth: z.enum(httpAuthModes).default("none"),
      credentialId: z.string().trim().default(""),
      timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
      followRedirects: z.boolean().default(false),
      responseFormat: z.enum(httpResponseFormats).default("auto"),
      successStatuses: z.string().max(200).default("200-399"),
    })
    .superRefine((c, ctx) => {
      if (c.bodyType === "json" && c.body.trim() !== "" && !isJson(c.body)) {
        ctx.addIssue({
          code: "custom",
          path: ["body"],
          message: "Body must be valid JSON (put {{ references }} inside strings)",
        });
      }
      const statuses = parseStatusList(c.successStatuses);
      if (typeof statuses === "string") ctx.addIssue({ code: "custom", path: ["successStatuses"], message: statuses });
      if (c.auth !== "none" && !c.credentialId)
        ctx.addIssue({ code: "custom", path: ["credentialId"], message: "Choose the credential to authenticate with" });
    }),
  defaults: {
    method: "POST",
    url: "",
    query: [],
    headers: [],
    bodyType: "json",
    body: "",
    form: [],
    contentType: "text/plain",
    auth: "none",
    credentialId: "",
    timeoutMs: 30_000,
    followRedirects: false,
    responseFormat: "auto",
    successStatuses: "200-399",
  },
  summary: (c) => {
    if (!c.url) return `${c.method} (no URL yet)`;
    const shown = c.url.replace(/^https?:\/\//, "");
    return `${c.method} ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`;
  },
  sideEffect: true,
  // The settings form's labels (components/canvas/config-forms), for problem messages.
  fieldLabels: {
    method: "Method",
    url: "URL",
    "query.*.name": "Parameter name",
    "query.*.value": "Parameter value",
    "headers.*.name": "Header name",
    "headers.*.value": "Header value",
    bodyType: "Body type",
    body: "Body",
    "form.*.name": "Field name",
    "form.*.value": "Field value",
    contentType: "Content type",
    auth: "Authentication",
    credentialId: "Credential",
    timeoutMs: "Timeout (ms)",
    followRedirects: "Follow redirects",
    responseFormat: "Response format",
    successStatuses: "Success statuses",
  },
});

export type HttpRequestConfig = z.output<typeof httpRequest.config>;
