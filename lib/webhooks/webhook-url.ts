// The public URL a sender posts to. HOOKLINE_PUBLIC_URL wins (behind a proxy or tunnel);
// otherwise the origin the browser used to reach us (lib/net/request-origin.ts).
import "server-only";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/net/request-origin";

export function publicOrigin(req: Request): string {
  const configured = env().HOOKLINE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return requestOrigin(req);
}

type Endpoint = { token: string; kind: string };

/** Live and test URLs share one token space but not a path: a token only works on its own. */
export const webhookUrl = (origin: string, e: Endpoint) =>
  `${origin}/api/hooks/${e.kind === "test" ? "test/" : ""}${e.token}`;

export function webhookUrls(req: Request, endpoints: Endpoint[]) {
  const origin = publicOrigin(req);
  const find = (kind: string) => endpoints.find((e) => e.kind === kind);
  return { webhookUrl: webhookUrl(origin, find("live")!), testWebhookUrl: webhookUrl(origin, find("test")!) };
}
