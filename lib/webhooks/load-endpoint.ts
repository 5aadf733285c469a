// What the ingest path needs to know about a token: its flow, the version a live delivery runs,
// the trigger's inbound contract and the secrets accepted right now. Cached for one second per
// token (the hot path must not re-read config per request); a regenerated token or a rotated
// secret takes effect within that second (two while a refresh is under way).
import "server-only";
import { getDb } from "@/lib/db";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { isTriggerType, webhookTriggerConfig, type WebhookTriggerConfig } from "@/lib/nodes/catalog";
import { isSafeAnswerType } from "./answer-types";
import { readDeniedHeaders, redactionPolicy, type HeaderPolicy, type QueryPolicy } from "./redact";
import { hashToken } from "./token";

export type EndpointInfo = {
  id: string;
  kind: "live" | "test";
  flowId: string;
  workspaceId: string;
  revoked: boolean;
  /** The flow is archived: its URLs answer 410 and store nothing. */
  archived: boolean;
  paused: boolean;
  /** The version a live delivery runs (latest published), or null before the first publish. */
  version: { id: string; number: number } | null;
  trigger: WebhookTriggerConfig;
  /** Test URL only: the draft to run, when the user asked test requests to run it. */
  draftToRun: string | null;
  /** Set when the trigger config cannot be read; deliveries are then refused with 500. */
  configError?: string;
  secrets: string[];
  /** Header names stored as "[redacted]": the fixed policy, this verification's, the workspace's deny-list. */
  headerPolicy: HeaderPolicy;
  /** Query parameter names stored as "[redacted]" (the token preset's, when it reads the query). */
  queryPolicy: QueryPolicy;
};

export type SecretSource = (workspaceId: string, credentialId: string, now: number) => Promise<string[]>;

const TTL_MS = 1000;
type Entry = { at: number; info: EndpointInfo | null; refresh?: Promise<EndpointInfo | null> };
const g = globalThis as unknown as { __hooklineEndpoints?: Map<string, Entry> };
const cache = (g.__hooklineEndpoints ??= new Map());

/**
 * One read per token at a time, however many deliveries arrive meanwhile. When the cached entry
 * is past its second, the first delivery starts the read and the others keep the entry until it
 * lands (at most one more second): under load a refresh never stalls the deliveries.
 */
export async function loadEndpoint(
  token: string,
  secretsOf: SecretSource,
  now = Date.now(),
): Promise<EndpointInfo | null> {
  const hit = cache.get(token);
  if (hit && now - hit.at < TTL_MS) return hit.info;
  if (hit?.refresh) return now - hit.at < 2 * TTL_MS ? hit.info : hit.refresh;
  const entry: Entry = hit ?? { at: -Infinity, info: null };
  const refresh = readEndpoint(token, secretsOf, now).then(
    (info) => {
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { at: now, info });
      return info;
    },
    (e: unknown) => {
      entry.refresh = undefined;
      throw e;
    },
  );
  entry.refresh = refresh;
  if (!hit) cache.set(token, entry);
  return hit && now - hit.at < 2 * TTL_MS ? hit.info : refresh;
}

/** Forget cached endpoints (after a token is regenerated or in tests). */
export function forgetEndpoints() {
  cache.clear();
}

async function readEndpoint(token: string, secretsOf: SecretSource, now: number): Promise<EndpointInfo | null> {
  const db = await getDb();
  const ep = await db.webhookEndpoint.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      kind: true,
      revokedAt: true,
      workspaceId: true,
      flowId: true,
      workspace: { select: { webhookSetting: { select: { deniedHeaders: true } } } },
      flow: {
        select: {
          paused: true,
          archivedAt: true,
          draft: true,
          testRunsDraft: true,
          versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, definition: true } },
        },
      },
    },
  });
  if (!ep) return null;
  const version = ep.flow.versions[0] ?? null;
  // The test URL follows the draft being edited; the live URL the published version.
  const source = ep.kind === "test" ? ep.flow.draft : version?.definition;
  let trigger = webhookTriggerConfig.parse({});
  let configError: string | undefined;
  let rawVerification: unknown;
  if (source) {
    const nodes = parseStoredDefinition(source).nodes;
    // A flow started by another trigger (a schedule) has no webhook: its URLs are unknown to senders.
    if (!nodes.some((n) => n.type === "webhook") && nodes.some((n) => isTriggerType(n.type))) return null;
    const config = nodes.find((n) => n.type === "webhook")?.data.config ?? {};
    rawVerification = (config as { verification?: unknown }).verification;
    const parsed = webhookTriggerConfig.safeParse(withInertAnswer(config));
    if (parsed.success) trigger = parsed.data;
    // Live and test alike: a draft mid-edit (say, a preset chosen before its secret) must not make
    // the test URL store unsigned samples under the default trigger (no verification).
    else configError = parsed.error.issues.map((i) => i.message).join("; ");
  }
  // What is stored follows the verification the flow asks for, even when the rest of its trigger
  // config is invalid (the default trigger would store its token or HMAC header verbatim).
  const policy = redactionPolicy(rawVerification, readDeniedHeaders(ep.workspace.webhookSetting?.deniedHeaders));
  // A secret that cannot be decrypted throws: a 5xx (the sender retries), never a false 401.
  const secrets = trigger.secretId ? await secretsOf(ep.workspaceId, trigger.secretId, now) : [];
  return {
    id: ep.id,
    kind: ep.kind === "test" ? "test" : "live",
    flowId: ep.flowId,
    workspaceId: ep.workspaceId,
    revoked: ep.revokedAt !== null,
    archived: ep.flow.archivedAt !== null,
    paused: ep.flow.paused,
    version: version ? { id: version.id, number: version.number } : null,
    trigger,
    draftToRun: ep.kind === "test" && ep.flow.testRunsDraft ? ep.flow.draft : null,
    configError,
    secrets,
    headerPolicy: policy.headers,
    queryPolicy: policy.query,
  };
}

/**
 * A version published before answers were limited to inert types (text/html...) keeps working:
 * it answers as text/plain (the editor lists the problem; the next save must fix it).
 */
function withInertAnswer(config: Record<string, unknown>): Record<string, unknown> {
  const response = config.response as { contentType?: unknown } | undefined;
  if (
    !response ||
    typeof response !== "object" ||
    typeof response.contentType !== "string" ||
    isSafeAnswerType(response.contentType)
  )
    return config;
  return { ...config, response: { ...response, contentType: "text/plain; charset=utf-8" } };
}
