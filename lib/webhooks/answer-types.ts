// What a webhook URL may answer with. The URL is public and its custom answer (trigger.response)
// may insert payload values, so an answer a browser would render (text/html, SVG, JavaScript)
// would run whatever an outsider posted on Hookline's origin. Only types a browser shows as
// inert data are allowed. Browser-safe: the definition schema and the editor use it too.

export const WEBHOOK_ANSWER_TYPES = ["application/json", "text/plain", "application/xml"] as const;
export type WebhookAnswerType = (typeof WEBHOOK_ANSWER_TYPES)[number];

export const UNSAFE_ANSWER_TYPE_MESSAGE =
  "Response content type must be application/json, text/plain or application/xml (an HTML or script answer on a public URL would run whatever a sender puts in the payload); a version published with another type answers as text/plain";

/** The media type without parameters, lower-case ("Text/HTML; charset=utf-8" → "text/html"). */
const mediaType = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

/** A safe media type, parameters allowed ("application/json; charset=utf-8"); printable ASCII only. */
export const isSafeAnswerType = (contentType: string): boolean =>
  /^[\x20-\x7e]*$/.test(contentType) && (WEBHOOK_ANSWER_TYPES as readonly string[]).includes(mediaType(contentType));

/**
 * The Content-Type an answer is served with. A definition stored before the rule (text/html, a
 * typo) still loads and answers, as inert text/plain.
 */
export function servedAnswerType(contentType: string): string {
  return isSafeAnswerType(contentType) ? contentType.trim() : "text/plain; charset=utf-8";
}

/**
 * Headers on every answer of a webhook URL, whatever its status: never sniffed into something
 * renderable, never framed, no script or subresource even if a browser renders it, never cached
 * by a proxy between the sender and Hookline.
 */
export const WEBHOOK_ANSWER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
  "cache-control": "no-store",
});
