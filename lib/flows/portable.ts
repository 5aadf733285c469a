// Export and import of a flow as a JSON file. Secrets never leave: credential references (the
// ids of stored secrets) and secret-looking settings are removed on export and again on import,
// so a file from elsewhere cannot point at this workspace's credentials. Browser-safe.
import { z } from "zod";
import { flowDefinitionSchema, type FlowDefinition } from "./definition";

export const EXPORT_FORMAT = "hookline.flow";

export const flowFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  name: z.string().trim().min(1).max(120),
  exportedAt: z.string().optional(),
  definition: flowDefinitionSchema,
});

export type FlowFile = z.infer<typeof flowFileSchema>;

// Keys whose values are secrets or point at stored secrets.
const SECRET_KEY = /^(secretId|credentialId|credentials?|password|secret|token|apiKey|api_key|privateKey)$/i;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 50) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEY.test(k)).map(([k, v]) => [k, scrub(v, depth + 1)]));
  }
  return value;
}

/** The definition without credential ids or secret values (node configs and settings). */
export function stripSecrets(def: FlowDefinition): FlowDefinition {
  return { ...def, nodes: def.nodes.map((n) => ({ ...n, data: scrub(n.data) as typeof n.data })) };
}

export function exportFlow(name: string, def: FlowDefinition, now = new Date()): FlowFile {
  return { format: EXPORT_FORMAT, version: 1, name, exportedAt: now.toISOString(), definition: stripSecrets(def) };
}

export type ImportResult = { ok: true; name: string; definition: FlowDefinition } | { ok: false; error: string };

export function parseFlowFile(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not JSON." };
  }
  const parsed = flowFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: `Not a Hookline flow file: ${first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid"}` };
  }
  return { ok: true, name: parsed.data.name, definition: stripSecrets(parsed.data.definition) };
}
