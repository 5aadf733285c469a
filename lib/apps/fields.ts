// Field helpers for operation schemas. Every field is text that may hold {{ references }}; the
// request builder checks the resolved value (a reference may stand for a number or an object).
import { z } from "zod";

/** A required text field (its label and hint shown by the schema form). */
export const requiredText = (title: string, description?: string) =>
  z
    .string()
    .trim()
    .min(1, `${title} is required`)
    .max(10_000)
    .meta({ title, ...(description ? { description } : {}) });

/** An optional text field; empty means "not sent". */
export const optionalText = (title: string, description?: string, multiline = false) =>
  z
    .string()
    .max(100_000)
    .default("")
    .meta({ title, ...(description ? { description } : {}), ...(multiline ? { multiline: true } : {}) });

/** A resolved value as text ("" for nothing); objects as JSON. */
export const text = (v: unknown): string =>
  v === undefined || v === null
    ? ""
    : typeof v === "string"
      ? v.trim()
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

/** "a=1\nb=2" or a {{ reference }} to an object -> a flat string map (metadata, properties). */
export function pairs(v: unknown, what: string): Record<string, string> {
  if (v && typeof v === "object" && !Array.isArray(v))
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, text(x)]));
  const out: Record<string, string> = {};
  for (const line of text(v).split("\n")) {
    if (!line.trim()) continue;
    const at = line.indexOf("=");
    if (at <= 0) throw new Error(`${what}: "${line.trim().slice(0, 60)}" is not key=value`);
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** A list field: a {{ reference }} to an array, or comma/newline separated text. */
export function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(text).filter(Boolean);
  return text(v)
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A positive whole number of the smallest currency unit, or undefined when empty. */
export function optionalInteger(v: unknown, what: string): number | undefined {
  const t = text(v);
  if (t === "") return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${what} must be a positive whole number, got "${t.slice(0, 40)}"`);
  return n;
}

/** A path segment from user input: encoded, so "../" cannot walk to another endpoint. */
export const seg = (v: unknown, what: string): string => {
  const t = text(v);
  if (!t) throw new Error(`${what} is required`);
  return encodeURIComponent(t);
};
