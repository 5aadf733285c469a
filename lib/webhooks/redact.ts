// The secret a token or Basic auth sender sends with every delivery, taken out of what is stored:
// the credential store seals it, so the request log, the run page and `trigger.*` must not show it.
import type { VerificationConfig } from "./verify/presets";

export const REDACTED = "[redacted]";

/** The header that carries the secret for this preset (lower-case), if any. */
function secretHeader(v: VerificationConfig): string | null {
  if (v.preset === "basic") return "authorization";
  if (v.preset === "token" && v.in === "header") return v.name.toLowerCase();
  return null;
}

export function redactHeaders(v: VerificationConfig, headers: Record<string, string>): Record<string, string> {
  const name = secretHeader(v);
  return name && Object.hasOwn(headers, name) ? { ...headers, [name]: REDACTED } : headers;
}

export function redactQuery(v: VerificationConfig, query: string): string {
  if (v.preset !== "token" || v.in !== "query") return query;
  const params = new URLSearchParams(query);
  if (!params.has(v.name)) return query;
  params.set(v.name, REDACTED);
  return params.toString();
}
