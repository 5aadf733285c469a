// The public URL a sender posts to. HOOKLINE_PUBLIC_URL wins (behind a proxy or tunnel);
// otherwise the origin the browser used to reach us.
import "server-only";
import { env } from "@/lib/env";

export function publicOrigin(req: Request): string {
  const configured = env().HOOKLINE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

export const webhookUrl = (origin: string, token: string) => `${origin}/api/hooks/${token}`;
