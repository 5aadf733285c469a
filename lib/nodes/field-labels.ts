// Human names for config field paths, so problem and error messages name a field the way its form
// does ("Signing secret: Choose the signing secret…", never "secretId: …"). Where a name comes from,
// first match wins:
//   1. the kind's `fieldLabels` (the hand-made forms' labels, components/canvas/config-forms/*),
//      keyed by path with "*" for array positions ("headers.*.name");
//   2. the schema's `.meta({ title })` (what the generated form shows, schema-form/describe.ts);
//   3. the keys in words, joined ("rateLimit.perSecond" → "Rate limit › Per second").
// Browser-safe: the editor's live problems list and the server's publish check use the same names.
import type { z } from "zod";
import type { NodeKind } from "./kind";

type Def = { type: string; [k: string]: unknown };
const def = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

// Words written the way people spell them (the rest of a label is in sentence case).
const SPELLED: Record<string, string> = {
  url: "URL",
  urls: "URLs",
  json: "JSON",
  jsonata: "JSONata",
  http: "HTTP",
  https: "HTTPS",
  api: "API",
  smtp: "SMTP",
  html: "HTML",
  sql: "SQL",
  kb: "KB",
  mb: "MB",
  sku: "SKU",
  ip: "IP",
};

/** "timeoutMs" → "Timeout ms", "max_body_kb" → "Max body KB", "apiUrl" → "API URL". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => SPELLED[w] ?? w)
    .join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Strips optional/default/nullable/readonly/pipe/lazy wrappers; reports what it saw. */
export function unwrap(schema: z.ZodType): {
  inner: z.ZodType;
  optional: boolean;
  defaultValue?: unknown;
  description?: string;
} {
  type Described = { description?: string };
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  let description = (s as Described).description;
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if (d.type === "optional" || d.type === "nullable") optional = true;
    else if (d.type === "default" || d.type === "prefault") {
      optional = true;
      const v = d.defaultValue;
      defaultValue ??= typeof v === "function" ? (v as () => unknown)() : v;
    } else if (d.type === "lazy") {
      s = (d.getter as () => z.ZodType)();
      continue;
    } else if (d.type === "pipe") {
      // z.preprocess(fn, schema) is transform → schema: the form edits the schema; x.transform(fn) is schema → transform.
      // z.unknown().refine(...).pipe(schema) checks first, then parses: edit the schema.
      s = (["transform", "unknown", "any"].includes(def(d.in as z.ZodType).type) ? d.out : d.in) as z.ZodType;
      description ??= (s as Described).description;
      continue;
    } else if (d.type !== "readonly" && d.type !== "catch") break;
    s = d.innerType as z.ZodType;
    description ??= (s as Described).description;
  }
  return { inner: s, optional, defaultValue, description };
}

/** A schema's `.meta({ title })`, on it or on what it wraps. */
export function metaTitle(schema: z.ZodType): string | undefined {
  for (const s of [schema, unwrap(schema).inner]) {
    const title = (s as { meta?: () => Record<string, unknown> | undefined }).meta?.()?.title;
    if (typeof title === "string") return title;
  }
  return undefined;
}

const isIndex = (seg: PropertyKey) => typeof seg === "number" || (typeof seg === "string" && /^\d+$/.test(seg));

/** The name of the field at `path` in a config of `schema`; "" for the config as a whole. */
export function fieldLabel(
  schema: z.ZodType | undefined,
  path: readonly PropertyKey[],
  labels: Readonly<Record<string, string>> = {},
): string {
  if (path.length === 0) return "";
  const items = path.filter(isIndex).map((i) => ` (item ${Number(i) + 1})`);
  const named = labels[path.map((seg) => (isIndex(seg) ? "*" : String(seg))).join(".")];
  if (named) return named + items.join("");

  const parts: string[] = [];
  let current = schema;
  for (const seg of path) {
    const inner = current ? unwrap(current).inner : undefined;
    const d = inner ? def(inner) : undefined;
    if (isIndex(seg)) {
      current = d?.type === "array" ? (d.element as z.ZodType) : undefined;
      if (parts.length) parts[parts.length - 1] += ` (item ${Number(seg) + 1})`;
      else parts.push(`Item ${Number(seg) + 1}`);
      continue;
    }
    const key = String(seg);
    if (d?.type === "record") {
      // A record's keys are the user's own (header names, table columns): shown as they are.
      current = d.valueType as z.ZodType;
      parts.push(`"${key}"`);
      continue;
    }
    const field = d?.type === "object" ? (d.shape as Record<string, z.ZodType>)[key] : undefined;
    const title = field ? metaTitle(field) : undefined;
    // A title names the field completely ("Rate limit (requests/s)"): its parents are not repeated.
    if (title) parts.splice(0, parts.length, title);
    else parts.push(humanize(key));
    current = field;
  }
  return parts.join(" › ");
}

/** "Label: message", or the message alone for a problem with the whole config. */
export function labelled(label: string, message: string): string {
  return label ? `${label}: ${message}` : message;
}

/** One problem of a kind's config, with the field named as its form names it. */
export function configProblem(
  kind: Pick<NodeKind, "config" | "fieldLabels">,
  issue: { path: readonly PropertyKey[]; message: string },
): string {
  return labelled(fieldLabel(kind.config, issue.path, kind.fieldLabels), issue.message);
}
