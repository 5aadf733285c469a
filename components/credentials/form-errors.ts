// Field path -> message maps for the credential forms, from zod issues in the browser or from a
// 400 answer's `details` (same paths: the server validates with the same schemas).
import { ApiRequestError } from "@/lib/queries/fetch-json";

export type FormErrors = ReadonlyMap<string, string>;

export function issueMap(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    if (!errors.has(path)) errors.set(path, issue.message);
  }
  return errors;
}

/** The per-field problems of a failed request, when the server named fields. */
export function serverErrors(error: unknown): Map<string, string> {
  if (!(error instanceof ApiRequestError) || !Array.isArray(error.details)) return new Map();
  const issues = error.details.flatMap((d: unknown) => {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    return typeof path === "string" && typeof message === "string"
      ? [{ path: path ? path.split(".") : [], message }]
      : [];
  });
  return issueMap(issues);
}

/** The errors under `prefix.` with the prefix removed ("value.password" -> "password"). */
export function within(errors: FormErrors, prefix: string): Map<string, string> {
  const inner = new Map<string, string>();
  for (const [path, message] of errors) {
    if (path === prefix) inner.set("", message);
    else if (path.startsWith(`${prefix}.`)) inner.set(path.slice(prefix.length + 1), message);
  }
  return inner;
}
