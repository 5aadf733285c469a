// A field's choices (Trello boards and lists, spreadsheets and their tabs...), fetched from the
// vendor with the chosen account and kept for a minute in this process: only a cache, so
// another instance simply asks the vendor itself. Manual entry stays possible in the form.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { getApp } from "../catalog";
import { readAppAccount } from "./app-credential";
import { callVendor } from "./vendor-call";

export type Option = { value: string; label: string };

const TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const cache = new Map<string, { at: number; options: Option[] }>();

export async function fieldOptions(
  workspaceId: string,
  appId: string,
  field: string,
  credentialId: string,
  values: Record<string, string>,
  now = Date.now(),
): Promise<Option[]> {
  const app = getApp(appId);
  if (!app) throw new ApiError("not_found", "App not found");
  const source = app.options?.[field];
  if (!source) throw new ApiError("not_found", `${app.name} has no choices for the field "${field}"`);
  if (!credentialId) throw new ApiError("bad_request", `Choose a ${app.name} account first`);
  const deps = Object.fromEntries((source.dependsOn ?? []).map((d) => [d, values[d] ?? ""]));
  const missing = Object.entries(deps).find(([, v]) => !v || v.includes("{{"));
  if (missing) throw new ApiError("bad_request", `Choose ${missing[0]} first`);
  // The account must be one of this workspace's accounts of this app (404 / 422 otherwise).
  await readAppAccount(workspaceId, credentialId, app);
  const key = JSON.stringify([workspaceId, appId, field, credentialId, deps]);
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.options;
  let body: unknown;
  try {
    body = await callVendor({
      app,
      workspaceId,
      credentialId,
      request: source.request(deps),
      what: `${app.name}: choices for ${field}`,
      timeoutMs: 15_000,
    });
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError("bad_request", (e as Error).message);
  }
  const options = source.map(body).slice(0, 1000);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: now, options });
  return options;
}
