// Duplicating a flow: its draft becomes a new draft flow "Copy of <name>" with new webhook URLs
// (new tokens: the original's senders never reach the copy). Nodes keep their credential
// references (the same stored credentials, nothing decrypted or copied), but the webhook trigger's
// signing secret is left out: a signature proves the original's sender, and the copy must be given
// its own secret (the editor lists it as a problem until then).
import "server-only";
import { parseStoredDefinition, type FlowDefinition } from "./definition";
import { createFlow } from "./create-flow";
import { getFlowOrThrow } from "./get-flow-or-throw";

const NAME_MAX = 120;

export function copyName(name: string): string {
  return `Copy of ${name}`.slice(0, NAME_MAX);
}

/** The definition without the webhook trigger's signing secret reference. */
export function withoutSigningSecret(def: FlowDefinition): FlowDefinition {
  return {
    ...def,
    nodes: def.nodes.map((n) => {
      if (n.type !== "webhook" || !n.data.config || !("secretId" in n.data.config)) return n;
      const { secretId: _dropped, ...config } = n.data.config as Record<string, unknown>;
      return { ...n, data: { ...n.data, config } };
    }),
  };
}

export async function duplicateFlow(workspaceId: string, flowId: string) {
  const source = await getFlowOrThrow(workspaceId, flowId);
  const definition = withoutSigningSecret(parseStoredDefinition(source.draft));
  return createFlow(workspaceId, { name: copyName(source.name), definition });
}
