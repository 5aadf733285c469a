// The executor of every app operation node (`app:<app>.<operation>`): resolves the fields'
// templates, records them with the account's id (never a secret), builds the vendor's request,
// calls it (vendor-call.ts; a second call when the operation needs one) and maps the answer to
// the operation's clean output.
import "server-only";
import { workspaceOf, engineSignal } from "@/lib/engine/executors/http-credential";
import type { NodeExecutor } from "@/lib/engine/executors/types";
import { PermanentError } from "@/lib/engine/step-error";
import { resolveDeep } from "@/lib/flows/template";
import { appCatalog, appNodeType } from "../catalog";
import type { AppDefinition, AppOperation, AppRequest } from "../types";
import { callVendor } from "./vendor-call";

/** What a step records as its input. */
export type AppStepInput = { credentialId: string; fields: Record<string, unknown> };

/**
 * The operation's own code: its builder's checks (a missing id, an amount that is not a number)
 * mean the input is wrong, and an answer its output cannot use (a GraphQL error in a 200) is the
 * vendor's refusal. Neither gets better by retrying.
 */
function permanent<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new PermanentError(`${what}: ${(e as Error).message}`);
  }
}

export function appExecutor(app: AppDefinition, op: AppOperation): NodeExecutor<Record<string, unknown>, AppStepInput> {
  const what = `${app.name}: ${op.label}`;
  return {
    resolve(config, scope) {
      const { credentialId, ...fields } = config;
      const missing: string[] = [];
      const resolved = resolveDeep(fields, scope, missing).value as Record<string, unknown>;
      return { input: { credentialId: String(credentialId ?? ""), fields: resolved }, missing };
    },
    async run(input, ctx) {
      if (!input.credentialId) throw new PermanentError(`${what}: choose a ${app.name} account`);
      const workspaceId = await workspaceOf(ctx);
      const fields = input.fields as never;
      const call = (request: AppRequest) =>
        callVendor({
          app,
          workspaceId,
          credentialId: input.credentialId,
          request,
          what,
          ...(op.idempotency.kind === "header"
            ? { idempotency: { header: op.idempotency.header, key: ctx.idempotencyKey } }
            : {}),
          ...(engineSignal(ctx) ? { signal: engineSignal(ctx)! } : {}),
        });
      let body = await call(permanent(what, () => op.request(fields, { idempotencyKey: ctx.idempotencyKey })));
      const next = op.next ? permanent(what, () => op.next!(body, fields)) : null;
      if (next) body = await call(next);
      // An answer the operation cannot use (a GraphQL error in a 200) is the vendor's refusal.
      return permanent(what, () => op.output(body, fields));
    },
  };
}

/** Every app operation's executor by node type (lib/engine/executors/index.ts spreads it in). */
export const appExecutors: Record<string, NodeExecutor<never, unknown>> = Object.fromEntries(
  appCatalog.flatMap((app) =>
    app.operations.map((op) => [appNodeType(app, op), appExecutor(app, op) as unknown as NodeExecutor<never, unknown>]),
  ),
);
