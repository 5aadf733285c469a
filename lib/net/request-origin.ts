// The origin a request was addressed to (scheme and host), for the URLs the app prints (webhook
// URLs, the OAuth redirect URL) and the CSRF check's own-origin. X-Forwarded-Host and
// X-Forwarded-Proto are read only behind the operator's own proxy (HOOKLINE_TRUST_PROXY=1), and
// then their rightmost entry, the one that proxy set: without it anyone could name the origin a
// page prints by sending the headers themselves (as lib/net/client-address.ts does for
// X-Forwarded-For). HOOKLINE_PUBLIC_URL, where set, wins over all of this (lib/webhooks/webhook-url.ts).
import "server-only";
import { env } from "@/lib/env";
import { lastForwardedHop } from "./client-address";

/** host, host:port, [v6]:port: nothing that could carry a path, credentials or a second URL. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function requestOrigin(req: Request, trustProxy = env().HOOKLINE_TRUST_PROXY === "1"): string {
  const url = new URL(req.url);
  const forwardedHost = trustProxy ? lastForwardedHop(req.headers.get("x-forwarded-host")) : null;
  const forwardedProto = trustProxy ? lastForwardedHop(req.headers.get("x-forwarded-proto"))?.toLowerCase() : null;
  const host = [forwardedHost, req.headers.get("host")].find((h) => h && HOST.test(h)) ?? url.host;
  const proto =
    forwardedProto === "http" || forwardedProto === "https" ? forwardedProto : url.protocol.replace(":", "");
  return `${proto}://${host.toLowerCase()}`;
}
