// Paths into run data for the editor's mapping picker: written so lib/flows/template.ts's
// parsePath reads them back to the same segments (tested), and a browsable tree of a value.
// Browser-safe and pure.

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** ["trigger","body","items","0","a b"] → `trigger.body.items[0]["a b"]`. */
export function toPath(segments: string[]): string {
  return segments
    .map((s, i) =>
      /^\d+$/.test(s) && i > 0 ? `[${s}]` : IDENT.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`,
    )
    .join("");
}

export const toReference = (segments: string[]) => `{{ ${toPath(segments)} }}`;

export type DataNode = {
  key: string;
  path: string[];
  kind: "object" | "array" | "string" | "number" | "boolean" | "null";
  preview?: string;
  children?: DataNode[];
  more?: number;
};

const MAX_CHILDREN = 50;

/** The tree of a JSON value, at most `depth` levels and 50 children per level. */
export function dataTree(value: unknown, path: string[], depth = 6): DataNode {
  const key = path.at(-1) ?? "";
  if (value === null || value === undefined) return { key, path, kind: "null", preview: "null" };
  if (Array.isArray(value)) {
    return {
      key,
      path,
      kind: "array",
      preview: `${value.length} item${value.length === 1 ? "" : "s"}`,
      ...(depth > 0
        ? { children: value.slice(0, MAX_CHILDREN).map((v, i) => dataTree(v, [...path, String(i)], depth - 1)) }
        : {}),
      ...(value.length > MAX_CHILDREN ? { more: value.length - MAX_CHILDREN } : {}),
    };
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return {
      key,
      path,
      kind: "object",
      preview: `${entries.length} field${entries.length === 1 ? "" : "s"}`,
      ...(depth > 0
        ? { children: entries.slice(0, MAX_CHILDREN).map(([k, v]) => dataTree(v, [...path, k], depth - 1)) }
        : {}),
      ...(entries.length > MAX_CHILDREN ? { more: entries.length - MAX_CHILDREN } : {}),
    };
  }
  const text =
    typeof value === "string" ? JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value) : String(value);
  return {
    key,
    path,
    kind:
      typeof value === "string"
        ? "string"
        : typeof value === "number"
          ? "number"
          : typeof value === "boolean"
            ? "boolean"
            : "null",
    preview: text,
  };
}
