// The absolute URL of a vendor endpoint: the app's declared base (or one of its other bases) and
// the operation's path. HOOKLINE_APP_<APP>_BASE_URL, when the operator sets it, replaces the
// origin (and prefixes its path). An operation only gives a path, so the host is never an editor's;
// a per-account host (a Shopify shop) comes from the account, as the app's schema allows it.
import "server-only";
import { PermanentError } from "@/lib/engine/step-error";
import type { AppDefinition, AppRequest } from "../types";
import { appEnv } from "./app-env";

/** A declared vendor URL (a base, an OAuth endpoint) with the operator's override applied. */
export function vendorUrl(app: AppDefinition, declared: string): URL {
  const url = new URL(declared);
  const override = appEnv(app.id).baseUrl;
  if (!override) return url;
  const o = new URL(override);
  return new URL(`${o.origin}${o.pathname.replace(/\/$/, "")}${url.pathname}${url.search}`);
}

// A plain DNS name: whatever an app's schema lets through, a host value cannot add a port, user
// info, a path or a query to the app's base URL.
const DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** The app's declared base with its `{name}` host placeholders filled from the account's host parts. */
function fillHost(app: AppDefinition, base: string, host: Record<string, string> = {}): string {
  return base.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = host[name];
    if (value === undefined || !DNS_NAME.test(value))
      throw new PermanentError(`${app.name}: the account has no valid ${name} for the vendor's address`);
    return value;
  });
}

export function requestUrl(
  app: AppDefinition,
  req: Pick<AppRequest, "base" | "path" | "query">,
  host?: Record<string, string>,
): URL {
  const declared = req.base === undefined ? app.baseUrl : app.otherBaseUrls?.[req.base];
  if (!declared) throw new Error(`${app.name} has no base URL named "${req.base}"`);
  const base = fillHost(app, declared, host);
  if (!req.path.startsWith("/") || req.path.startsWith("//") || /(^|\/)\.\.?(\/|$)/.test(req.path))
    throw new Error(`${app.name}: an operation's path must be absolute without dot segments, got "${req.path}"`);
  const root = vendorUrl(app, base);
  const url = new URL(`${root.origin}${root.pathname.replace(/\/$/, "")}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
  return url;
}
