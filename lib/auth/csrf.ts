// CSRF protection for cookie-authenticated mutations: the browser's Origin header must be this
// app's origin (the request's own, or HOOKLINE_PUBLIC_URL's). Without an Origin header, the
// Fetch Metadata header Sec-Fetch-Site must say same-origin. Bearer-token calls carry no ambient
// credentials and skip this check.
import "server-only";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/net/request-origin";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function sameOrigin(req: Request): boolean {
  if (SAFE.has(req.method)) return true;
  const origin = req.headers.get("origin");
  if (origin) {
    const allowed = new Set([new URL(req.url).origin, requestOrigin(req)]);
    const pub = env().HOOKLINE_PUBLIC_URL;
    if (pub) allowed.add(new URL(pub).origin);
    return allowed.has(origin);
  }
  return req.headers.get("sec-fetch-site") === "same-origin";
}
