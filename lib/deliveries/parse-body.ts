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

const xml = new XMLParser({
  ignoreAttributes: false,
  processEntities: false,
  htmlEntities: false,
  allowBooleanAttributes: true,
});

// A parser's message may quote the input (fast-xml-parser quotes a DOCTYPE name whole, however
// long): the answer and the request log get its first characters only.
const MAX_MESSAGE = 200;
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

export const isJsonType = (type: string) =>
  /^application\/([\w.+-]+\+)?json\b/i.test(type) || /^text\/json\b/i.test(type);

/**
 * Deepest nesting of [ and { outside strings, stopping early past `limit`. Most of a payload's
 * bytes are inside strings: a short string is read byte by byte, a long one's closing quote is
 * found with Buffer#indexOf (native), a quote after an odd run of backslashes being escaped. A byte
 * loop over everything took 2-5 ns a byte, four times JSON.parse itself, and was a quarter of the
 * web thread's time at 64 KB bodies (docs/benchmarks.md, session 11).
 */
export function jsonDepth(bytes: Uint8Array, limit = MAX_JSON_DEPTH): number {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buf.length;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 0x22) {
      i = stringEnd(buf, i);
      if (i < 0) return max; // unterminated: JSON.parse says so
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function stringEnd(buf: Buffer, open: number): number {
  const n = buf.length;
  let j = open + 1;
  const stop = Math.min(n, j + 32);
  for (; j < stop; j++) {
    const d = buf[j];
    if (d === 0x5c)
      j++; // an escape: skip the escaped byte
    else if (d === 0x22) return j;
  }
  // Everything before j is read (an escape straddling `stop` included).
  for (;;) {
    const q = buf.indexOf(0x22, j);
    if (q < 0) return -1;
    let k = q - 1;
    while (k >= j && buf[k] === 0x5c) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    j = q + 1;
  }
}

export function parseBody(contentType: string | null, body: Uint8Array): ParsedBody {
  const type = (contentType ?? "").toLowerCase();
  if (isJsonType(type)) {
    if (jsonDepth(body) > MAX_JSON_DEPTH)
      return { kind: "error", message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
    try {
      return {
        kind: "json",
        value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")),
      };
    } catch (e) {
      return { kind: "error", message: `Malformed JSON: ${reason(e)}` };
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", value: Object.fromEntries(new URLSearchParams(Buffer.from(body).toString("utf8"))) };
  }
  if (/^(application|text)\/([\w.+-]+\+)?xml\b/.test(type)) {
    try {
      return { kind: "xml", value: xml.parse(Buffer.from(body).toString("utf8")) };
    } catch (e) {
      return { kind: "error", message: `Malformed XML: ${reason(e)}` };
    }
  }
  return { kind: "raw" };
}
