// The shape of one JSON body: every field's path and JSON type, bounded in depth and count so a
// huge or deeply nested delivery costs the learning pass no more than a small one. Array items are
// merged under one "[]" segment ("line_items.[].price"), so a path means the same in every delivery
// whatever the array's length. Pure and browser-safe.

export type JsonType = "string" | "number" | "boolean" | "null" | "object" | "array";
/** path ("data.object.amount", "items.[].sku") → JSON type */
export type Shape = Record<string, JsonType>;

export const MAX_DEPTH = 8;
export const MAX_PATHS = 300;
/** Array items looked at for the shape of "[]" (a field present in any of them is present). */
const ITEMS_LOOKED_AT = 5;

export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "string" || t === "number" || t === "boolean" ? t : t === "object" ? "object" : "string";
}

export function shapeOf(body: unknown): Shape {
  const out: Shape = {};
  let count = 0;
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (const item of v.slice(0, ITEMS_LOOKED_AT)) visit(item, path ? `${path}.[]` : "[]", depth + 1);
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        visit(child, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  const visit = (v: unknown, path: string, depth: number) => {
    if (!(path in out)) {
      if (count >= MAX_PATHS) return;
      count++;
      out[path] = jsonType(v);
    }
    walk(v, path, depth);
  };
  walk(body, "", 0);
  return out;
}

/** A body path's segments as a shape path: numeric segments (array indexes) become "[]". */
export function shapePath(segments: string[]): string {
  return segments.map((s) => (/^\d+$/.test(s) ? "[]" : s)).join(".");
}
