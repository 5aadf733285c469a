// Turns a kind's zod config schema into a plain description of the form to draw (pure, unit
// tested). A new catalog kind gets a usable form without anyone writing one: strings (long ones
// as text areas, credential ids as pickers), numbers with their bounds, booleans, enums, arrays,
// nested objects, and E1's condition groups. Anything it cannot draw (unions, records, ...)
// becomes a JSON field, so nothing in a config is ever unreachable.
import type { z } from "zod";
import { humanize, metaTitle, unwrap } from "@/lib/nodes/field-labels";

type Def = { type: string; [k: string]: unknown };
type AnySchema = z.ZodType & { _zod: { def: Def }; description?: string };

export type FieldSpec =
  | { kind: "string"; multiline: boolean; format?: string; maxLength?: number; credential?: string | true }
  | { kind: "number"; int: boolean; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "enum"; options: string[] }
  | { kind: "array"; item: FieldSpec; itemLabel: string }
  | { kind: "object"; fields: ObjectField[] }
  | { kind: "condition" }
  | { kind: "json" };

export type ObjectField = {
  key: string;
  label: string;
  description?: string;
  optional: boolean;
  defaultValue?: unknown;
  spec: FieldSpec;
};

/** Schemas recognised by identity (e.g. the condition group), registered by the caller. */
export type Specials = ReadonlyMap<z.ZodType, FieldSpec>;

const def = (s: z.ZodType) => (s as AnySchema)._zod.def;

// The walk over wrappers and the key-to-words rule are shared with problem messages (lib), so a
// field is named the same in its form and in the problems list.
export { humanize, unwrap };

const LONG_TEXT = /^(body|text|message|html|template|content|description|note|markdown|expression|query|sql)$/i;
// Text fields that hold a JSON template: drawn with the highlighting JSON editor.
const JSON_TEXT = /^(body|data|blocks|json|payload)$/i;
const CREDENTIAL_KEY = /(credential|secret)Id$/i;

export function describeSchema(schema: z.ZodType, specials: Specials = new Map(), key = "", depth = 0): FieldSpec {
  const special = specials.get(schema);
  if (special) return special;
  const { inner } = unwrap(schema);
  const again = specials.get(inner);
  if (again) return again;
  if (depth > 8) return { kind: "json" };
  const d = def(inner);
  const meta = (inner as { meta?: () => Record<string, unknown> | undefined }).meta?.() ?? {};
  switch (d.type) {
    case "string": {
      const s = inner as unknown as { maxLength: number | null; format: string | null };
      const credential =
        typeof meta.credential === "string" ? meta.credential : CREDENTIAL_KEY.test(key) ? true : undefined;
      const multiline =
        meta.multiline === true || LONG_TEXT.test(key) || JSON_TEXT.test(key) || (s.maxLength ?? 0) > 1000;
      const format = meta.format === "json" || JSON_TEXT.test(key) ? "json" : s.format;
      return {
        kind: "string",
        multiline,
        ...(format ? { format } : {}),
        ...(s.maxLength !== null && s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
        ...(credential ? { credential } : {}),
      };
    }
    case "number": {
      const n = inner as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      const finite = (v: number | null) =>
        v !== null && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined;
      const min = finite(n.minValue);
      const max = finite(n.maxValue);
      return {
        kind: "number",
        int: Boolean(n.isInt),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
    }
    case "boolean":
      return { kind: "boolean" };
    case "enum":
      return { kind: "enum", options: Object.values(d.entries as Record<string, string | number>).map(String) };
    case "literal": {
      const values = (d.values as unknown[]).filter((v): v is string => typeof v === "string");
      return values.length ? { kind: "enum", options: values } : { kind: "json" };
    }
    case "union": {
      // A union of literals is an enum; anything else is edited as JSON.
      const opts = (d.options as z.ZodType[]).map((o) => def(unwrap(o).inner));
      if (opts.every((o) => o.type === "literal")) {
        const values = opts.flatMap((o) => (o.values as unknown[]).filter((v): v is string => typeof v === "string"));
        if (values.length) return { kind: "enum", options: values };
      }
      return { kind: "json" };
    }
    case "array": {
      const item = describeSchema(d.element as z.ZodType, specials, key, depth + 1);
      return { kind: "array", item, itemLabel: singular(humanize(key || "item")) };
    }
    case "object": {
      const shape = d.shape as Record<string, z.ZodType>;
      // A condition group (lib/nodes/condition.ts), however refined: { combinator, rules }.
      const keys = Object.keys(shape);
      if (keys.length === 2 && keys.includes("combinator") && keys.includes("rules")) return { kind: "condition" };
      return {
        kind: "object",
        fields: Object.entries(shape).map(([k, s]) => {
          const u = unwrap(s);
          const m = (u.inner as { meta?: () => Record<string, unknown> | undefined }).meta?.() ?? {};
          const label = metaTitle(s) ?? humanize(k);
          const description = u.description ?? (typeof m.description === "string" ? m.description : undefined);
          return {
            key: k,
            label,
            ...(description ? { description } : {}),
            optional: u.optional,
            ...(u.defaultValue !== undefined ? { defaultValue: u.defaultValue } : {}),
            spec: describeSchema(s, specials, k, depth + 1),
          };
        }),
      };
    }
    default:
      return { kind: "json" };
  }
}

function singular(label: string): string {
  if (/ies$/i.test(label)) return label.replace(/ies$/i, "y");
  if (/s$/i.test(label) && !/ss$/i.test(label)) return label.slice(0, -1);
  return label;
}

/** A new, empty value for a field (what "Add" puts into an array). */
export function emptyValue(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case "string":
      return "";
    case "number":
      return spec.min ?? 0;
    case "boolean":
      return false;
    case "enum":
      return spec.options[0] ?? "";
    case "array":
      return [];
    case "object":
      return Object.fromEntries(
        spec.fields
          .filter((f) => !f.optional || f.defaultValue !== undefined)
          .map((f) => [f.key, f.defaultValue !== undefined ? structuredClone(f.defaultValue) : emptyValue(f.spec)]),
      );
    case "condition":
      return { combinator: "and", rules: [] };
    case "json":
      return null;
  }
}
