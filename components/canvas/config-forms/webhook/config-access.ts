// Reading and patching a trigger config while it is edited: it may be half-filled or invalid, so
// every read checks the type, and an emptied input removes the key (the schema default applies).
import { asRecord } from "../../kinds";
import type { FieldErrors } from "../types";

export type Config = Record<string, unknown>;
export type SectionProps = { config: Config; onChange: (config: Config) => void; errors: FieldErrors };

export const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** `config` with the object at `key` shallow-patched (created when missing). */
export function patchIn(config: Config, key: string, patch: Config): Config {
  return { ...config, [key]: { ...asRecord(config[key]), ...patch } };
}

/** The first error at `path` or below it ("eventTypes" covers "eventTypes.3"). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  for (const [p, message] of errors) if (p === path || p.startsWith(`${path}.`)) return message;
  return undefined;
}
