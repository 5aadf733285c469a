// The absolute URL of a vendor endpoint: the app's declared base (or one of its other bases) and
// the operation's path. HOOKLINE_APP_<APP>_BASE_URL, when the operator sets it, replaces the
// origin (and prefixes its path). An operation only gives a path, so the host is never an editor's.
import "server-only";
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

export function requestUrl(app: AppDefinition, req: Pick<AppRequest, "base" | "path" | "query">): URL {
  const base = req.base === undefined ? app.baseUrl : app.otherBaseUrls?.[req.base];
  if (!base) throw new Error(`${app.name} has no base URL named "${req.base}"`);
  if (!req.path.startsWith("/") || req.path.startsWith("//") || /(^|\/)\.\.?(\/|$)/.test(req.path))
    throw new Error(`${app.name}: an operation's path must be absolute without dot segments, got "${req.path}"`);
  const root = vendorUrl(app, base);
  const url = new URL(`${root.origin}${root.pathname.replace(/\/$/, "")}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
  return url;
}
