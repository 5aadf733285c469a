// The credential a step authenticates with, read from the store of the run's workspace. Only the
// credential id is in the step's recorded input; the secret is read at send time and never
// recorded or logged (redactSecrets scrubs it from errors). A missing credential or one of another
// type fails the step permanently.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { credentialValue } from "@/lib/credentials/credential-value";
import type { CredentialType, CredentialValueOf } from "@/lib/credentials/types";
import { getDb } from "@/lib/db";
import { PermanentError } from "../step-error";
import type { ExecContext } from "./types";

/** The step's workspace: given by "test this step" (no Run row), else the run's. */
export async function workspaceOf(ctx: ExecContext): Promise<string> {
  const given = (ctx as ExecContext & { workspaceId?: string }).workspaceId;
  if (given) return given;
  const db = await getDb();
  const run = await db.run.findUnique({ where: { id: ctx.runId }, select: { workspaceId: true } });
  if (!run) throw new PermanentError(`Run ${ctx.runId} does not exist`);
  return run.workspaceId;
}

/** The engine's abort signal for the step (its node timeout), when it gives one. */
export const engineSignal = (ctx: ExecContext) => (ctx as ExecContext & { signal?: AbortSignal }).signal;

export async function stepCredential<T extends CredentialType>(
  ctx: ExecContext,
  id: string,
  type: T,
): Promise<CredentialValueOf<T>> {
  if (!id) throw new PermanentError("No credential is chosen");
  try {
    return await credentialValue(await workspaceOf(ctx), id, type);
  } catch (e) {
    if (e instanceof ApiError || e instanceof PermanentError)
      throw new PermanentError(`Credential ${id}: ${e.message}`);
    throw e;
  }
}

/**
 * The error with every occurrence of the secrets replaced, in its message and its stack (the run
 * history records both). The same object, so its class (permanent, retry later) is kept.
 */
export function redactSecrets(e: unknown, secrets: string[]): unknown {
  const present = secrets.filter((s) => s.length > 0);
  if (!(e instanceof Error) || present.length === 0) return e;
  const scrub = (text: string) => present.reduce((t, secret) => t.split(secret).join("[credential]"), text);
  e.message = scrub(e.message);
  if (e.stack) e.stack = scrub(e.stack);
  return e;
}
