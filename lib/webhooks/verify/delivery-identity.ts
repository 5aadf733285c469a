// The sender's own id for a delivery, used to drop duplicates (retries, redeliveries). The same
// value must come back on every retry, so only ids the senders document as stable are used.
import { readJsonPath } from "./json-path";
import { verificationPresets, type PresetInfo, type VerificationConfig } from "./presets";
import type { VerifyInput } from "./result";

export type CustomIdentity = { jsonPath?: string; header?: string };

// Longer values are not ids; refusing them beats truncating two ids into one.
const MAX_LENGTH = 255;

function asId(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== "string") return null;
  const id = value.trim();
  return id && id.length <= MAX_LENGTH ? id : null;
}

/**
 * A custom header or jsonPath, when given, is the only source (header first): falling back to the
 * preset's id would mix two key spaces in one dedupe table.
 */
export function deliveryIdentity(
  input: Pick<VerifyInput, "headers">,
  config: VerificationConfig,
  json: unknown,
  custom?: CustomIdentity,
): string | null {
  if (custom?.header) return asId(input.headers[custom.header.trim().toLowerCase()]);
  if (custom?.jsonPath) return asId(readJsonPath(json, custom.jsonPath.trim()));
  // Where each sender puts it is preset data (presets.ts `identity`).
  const at = (verificationPresets[config.preset] as PresetInfo).identity;
  if (at?.header) return asId(input.headers[at.header]);
  if (at?.jsonPath) {
    // A body id must be a string: a number could be the object's own id, not the event's.
    const id = readJsonPath(json, at.jsonPath);
    return typeof id === "string" ? asId(id) : null;
  }
  return null;
}

/**
 * The preset's single-use signed token, when it has one (presets.ts `replayToken`): the dedupe key
 * always, so a signature that does not cover the body is spent by its first delivery. Kept apart
 * from event ids by its prefix.
 */
export function replayIdentity(config: VerificationConfig, json: unknown): string | null {
  const at = (verificationPresets[config.preset] as PresetInfo).replayToken;
  if (!at) return null;
  const token = readJsonPath(json, at.jsonPath);
  const id = typeof token === "string" ? asId(token) : null;
  return id ? `replay:${id}` : null;
}
