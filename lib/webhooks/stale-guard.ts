// The stale-event guard's per-delivery part: which object an accepted delivery is about and its
// version, read from the body or a header. Versions are compared as numbers: a number (Unix
// seconds such as Stripe's `created`, or milliseconds), digits in a string, or an ISO timestamp
// (as epoch milliseconds). The comparison itself happens in the group commit's write (one
// conditional upsert on StaleMark per object: sqlite-writer.worker.mjs, pg-batch.ts), so it holds
// across concurrent deliveries and app instances.
import { readJsonPath } from "./verify/json-path";
import type { StaleGuardConfig } from "./stale-guard-config";

const MAX_KEY = 255;
const DIGITS = /^-?\d+(\.\d+)?$/;

export type StaleCheck =
  | { key: string; version: number; flag: boolean }
  /** The object is known but its version could not be read: not stale, and the reason says why. */
  | { unparsable: string };

export function parseVersion(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || !value.trim()) return null;
  const text = value.trim();
  if (DIGITS.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** null when the guard is off or the delivery names no object. */
export function staleCheck(
  guard: StaleGuardConfig | undefined,
  headers: Record<string, string>,
  json: unknown,
): StaleCheck | null {
  if (!guard?.enabled) return null;
  const id = readJsonPath(json, guard.objectIdPath);
  if ((typeof id !== "string" && typeof id !== "number") || String(id).length === 0 || String(id).length > MAX_KEY)
    return null;
  // The header (Shopify's X-Shopify-Triggered-At) wins over the body path when both are set.
  const raw =
    (guard.versionHeader ? headers[guard.versionHeader] : undefined) ??
    (guard.versionPath ? readJsonPath(json, guard.versionPath) : undefined);
  const version = parseVersion(raw);
  if (version === null) {
    const where =
      guard.versionHeader && headers[guard.versionHeader] !== undefined ? guard.versionHeader : guard.versionPath;
    return {
      unparsable: `Stale guard: ${where ?? "version"} ${JSON.stringify(String(raw ?? "(missing)")).slice(0, 60)} is not a number or time; not checked`,
    };
  }
  return { key: String(id), version, flag: guard.onStale === "flag" };
}

export const STALE_REASON = "Older than the newest event already accepted for this object";
