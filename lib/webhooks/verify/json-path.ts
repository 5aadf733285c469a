// Reads a dotted path ("data.object.id", "items.0.id") from parsed JSON, through own properties
// only: JSON.parse makes "__proto__" an own key, so those names are refused outright.
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 32;

export function readJsonPath(value: unknown, path: string): unknown {
  const keys = path.split(".");
  if (keys.length > MAX_DEPTH) return undefined;
  let current = value;
  for (const key of keys) {
    if (!key || FORBIDDEN.has(key)) return undefined;
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
