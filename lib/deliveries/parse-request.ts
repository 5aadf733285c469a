// A stored delivery as the flow sees it: `trigger.body` is the body parsed the same way ingest
// parsed it (JSON, form fields, XML as JSON), or the text when it is none of those (or does not
// parse: a test-URL sample may be anything).
import { parseBody } from "./parse-body";

/** The trigger's parsed request: what `{{ trigger.* }}` reads in a run (lib/engine/scope.ts). */
export type TriggerOutput = {
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  receivedAt: string;
};

type DeliveryLike = {
  method: string;
  headers: string;
  query: string;
  body: Uint8Array;
  contentType: string | null;
  receivedAt: Date;
};

export function parseRequest(d: DeliveryLike): TriggerOutput {
  const parsed = parseBody(d.contentType, d.body);
  const body =
    parsed.kind === "json" || parsed.kind === "form" || parsed.kind === "xml"
      ? parsed.value
      : Buffer.from(d.body).toString("utf8");
  return {
    method: d.method,
    headers: JSON.parse(d.headers) as Record<string, string>,
    query: Object.fromEntries(new URLSearchParams(d.query)),
    body,
    receivedAt: d.receivedAt.toISOString(),
  };
}
