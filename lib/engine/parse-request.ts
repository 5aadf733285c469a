// A stored delivery as the flow sees it: `trigger.body` is parsed JSON (or form fields, or text).
import type { TriggerOutput } from "./scope";

type DeliveryLike = { method: string; headers: string; query: string; body: Uint8Array; contentType: string | null; receivedAt: Date };

export function parseRequest(d: DeliveryLike): TriggerOutput {
  const text = Buffer.from(d.body).toString("utf8");
  const type = (d.contentType ?? "").toLowerCase();
  let body: unknown = text;
  if (/\bjson\b/.test(type)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    body = Object.fromEntries(new URLSearchParams(text));
  }
  return {
    method: d.method,
    headers: JSON.parse(d.headers) as Record<string, string>,
    query: Object.fromEntries(new URLSearchParams(d.query)),
    body,
    receivedAt: d.receivedAt.toISOString(),
  };
}
