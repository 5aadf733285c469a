// The sender's name for what happened, for the run list: Shopify and GitHub put it in a header,
// Stripe and most others in the JSON body's `type`.
const HEADERS = ["x-shopify-topic", "x-github-event", "x-event-type"];

export function eventType(headers: Record<string, string>, json: unknown): string | null {
  for (const h of HEADERS) if (headers[h]) return headers[h]!.slice(0, 200);
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const t = (json as Record<string, unknown>).type ?? (json as Record<string, unknown>).event;
    if (typeof t === "string") return t.slice(0, 200);
  }
  return null;
}
