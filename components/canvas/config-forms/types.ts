import type { NodeKind } from "@/lib/nodes/catalog";

/** Field path ("url", "headers.0.name") → the first problem the kind's schema reports there. */
export type FieldErrors = ReadonlyMap<string, string>;

export type ConfigFormProps = {
  nodeId: string;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  errors: FieldErrors;
};

export function fieldErrors(kind: NodeKind, config: Record<string, unknown>): FieldErrors {
  const parsed = kind.config.safeParse(config);
  const errors = new Map<string, string>();
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join(".");
    if (!errors.has(path)) errors.set(path, issue.message);
  }
  return errors;
}
