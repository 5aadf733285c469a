// Reads a delivery's body by its content type, after verification. JSON nesting is bounded by a
// scan of the raw bytes before JSON.parse; XML is parsed with entity expansion off.
import { XMLParser } from "fast-xml-parser";

export const MAX_JSON_DEPTH = 64;

export type ParsedBody =
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: Record<string, string> }
  | { kind: "xml"; value: unknown }
  | { kind: "raw" }
  | { kind: "error"; message: string };

const xml = new XMLParser({ ignoreAttributes: false, processEntities: false, htmlEntities: false, allowBooleanAttributes: true });

export const isJsonType = (type: string) => /^application\/([\w.+-]+\+)?json\b/i.test(type) || /^text\/json\b/i.test(type);

/** Deepest nesting of [ and { outside strings, stopping early past `limit`. */
export function jsonDepth(bytes: Uint8Array, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export function parseBody(contentType: string | null, body: Uint8Array): ParsedBody {
  const type = (contentType ?? "").toLowerCase();
  if (isJsonType(type)) {
    if (jsonDepth(body) > MAX_JSON_DEPTH) return { kind: "error", message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
    try {
      return { kind: "json", value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")) };
    } catch (e) {
      return { kind: "error", message: `Malformed JSON: ${(e as Error).message}` };
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", value: Object.fromEntries(new URLSearchParams(Buffer.from(body).toString("utf8"))) };
  }
  if (/^(application|text)\/([\w.+-]+\+)?xml\b/.test(type)) {
    try {
      return { kind: "xml", value: xml.parse(Buffer.from(body).toString("utf8")) };
    } catch (e) {
      return { kind: "error", message: `Malformed XML: ${(e as Error).message}` };
    }
  }
  return { kind: "raw" };
}
