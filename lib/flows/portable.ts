// Export and import of a flow as a JSON file. Secrets never leave: credential references (the
// ids of stored secrets) and secret-looking settings are removed on export and again on import,
// so a file from elsewhere cannot point at this workspace's credentials. What a user may have
// typed into a config as a literal secret is replaced by REMOVED_ON_EXPORT: header values (the
// names stay), a URL's user:password@, secret-named query parameters, and the path of a chat
// service's webhook URL (Slack, Discord, Teams: the URL itself is the token). The failure alert
// (settings.failureAlert) is an action config like a node's and is scrubbed the same way, so its
// destination is reset where it was secret. Browser-safe.
import { z } from "zod";
import { NON_SECRET_HEADERS } from "@/lib/net/safe-headers";
import { flowDefinitionSchema, type FlowDefinition } from "./definition";

export const EXPORT_FORMAT = "hookline.flow";
/** Stands where a secret was; the editor shows it, and the user fills the value in again. */
export const REMOVED_ON_EXPORT = "<removed on export>";

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
// Query parameters that carry secrets by name (?api_key=, ?access_token=, ?sig=, ?hub.verify_token=).
const SECRET_PARAM =
  /(^|[_.-])(api_?key|apikey|key|token|secret|password|passwd|pwd|sig|signature|auth|authorization|session|jwt|credentials?)$/i;
// Webhook URLs whose path (Slack, Discord, Teams) or query (Power Automate's sig) is the secret.
const CHAT_WEBHOOK =
  /^(https?:\/\/(?:hooks\.slack\.com|(?:ptb\.|canary\.)?discord(?:app)?\.com(?=\/api\/webhooks)|[a-z0-9.-]*\.webhook\.office\.com|[a-z0-9.-]*\.logic\.azure\.com(?::\d+)?|[a-z0-9.-]*\.api\.powerplatform\.com(?::\d+)?))[/?#]\S*$/i;
const TEMPLATE = /\{\{[^{}]*\}\}/g;

/** A URL (anywhere a config holds one) without its secrets; other text as it is. */
function scrubUrl(text: string): string {
  if (!/^https?:\/\//i.test(text)) return text;
  const chat = CHAT_WEBHOOK.exec(text);
  if (chat) return `${chat[1]}/${REMOVED_ON_EXPORT}`;
  return text
    .replace(/^(https?:\/\/)[^/?#@\s]*@/i, "$1")
    .replace(/([?&])([^=&#?]*)=([^&#]*)/g, (all, sep: string, name: string) =>
      SECRET_PARAM.test(name) && !onlyTemplates(all.slice(sep.length + name.length + 1))
        ? `${sep}${name}=${REMOVED_ON_EXPORT}`
        : all,
    );
}

/** Nothing but {{ references }} (and an auth scheme such as "Bearer"): no literal secret in it. */
const onlyTemplates = (value: string) =>
  value
    .replace(TEMPLATE, "")
    .replace(/^\s*(Bearer|Basic|Token|Bot)\b/i, "")
    .trim() === "";

// The HTTP node's `{ name, value }` lists: headers by a safe-list of names, query and form
// fields by secret-looking names.
const PAIR_LISTS = new Set(["headers", "query", "form"]);

/** A `{ name, value }` list entry with its value removed when it may be a secret. */
function scrubPair(entry: unknown, list: string): unknown {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) return entry;
  const { name, value } = entry as { name?: unknown; value?: unknown };
  if (typeof name !== "string" || typeof value !== "string" || onlyTemplates(value)) return entry;
  const keep = list === "headers" ? NON_SECRET_HEADERS.has(name.toLowerCase()) : !SECRET_PARAM.test(name);
  return keep ? entry : { ...entry, value: REMOVED_ON_EXPORT };
}

function scrub(value: unknown, depth = 0, key = ""): unknown {
  if (depth > 50) return undefined;
  if (typeof value === "string") return scrubUrl(value);
  if (Array.isArray(value))
    return value.map((v) => (PAIR_LISTS.has(key) ? scrubPair(scrub(v, depth + 1), key) : scrub(v, depth + 1)));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, scrub(v, depth + 1, k)]),
    );
  }
  return value;
}

/** The definition without credential ids or secret values (node configs and the failure alert). */
export function stripSecrets(def: FlowDefinition): FlowDefinition {
  const alert = def.settings?.failureAlert;
  return {
    ...def,
    nodes: def.nodes.map((n) => ({ ...n, data: scrub(n.data) as typeof n.data })),
    ...(def.settings
      ? {
          settings: {
            ...def.settings,
            ...(alert ? { failureAlert: { ...alert, config: scrub(alert.config) as typeof alert.config } } : {}),
          },
        }
      : {}),
  };
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
    return {
      ok: false,
      error: `Not a Hookline flow file: ${first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid"}`,
    };
  }
  return { ok: true, name: parsed.data.name, definition: stripSecrets(parsed.data.definition) };
}
