// The audit log: who did what in a workspace. Call `audit(action, target?, details?)` from any
// server code that runs inside an API request (apiRoute): the actor (user e-mail or API key name)
// and the workspace come from the request's principal. Outside a request (CLI, background),
// pass `{ workspaceId, actor }` as the fourth argument. Never put secret values in `details`.
// Failures are logged, never thrown: an audit write does not undo the action it records.
import "server-only";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { errField, log } from "@/lib/observability/log";
import { actorLabel, principalInContext } from "@/lib/auth/principal";

export type AuditTarget = { type: string; id: string; name?: string };
type Outside = {
  workspaceId: string;
  actor?: { type: "user" | "api_key" | "system"; id?: string | null; label: string };
};

export async function audit(
  action: string,
  target?: AuditTarget | null,
  details?: Record<string, unknown>,
  outside?: Outside,
): Promise<void> {
  const p = principalInContext();
  const workspaceId = outside?.workspaceId ?? p?.workspaceId;
  if (!workspaceId) {
    log("audit").error({ action }, "no audit event recorded: no workspace (called outside a request without one)");
    return;
  }
  const actor =
    outside?.actor ??
    (p
      ? { type: p.kind, id: p.kind === "user" ? p.userId : p.keyId, label: actorLabel(p) }
      : { type: "system" as const, id: null, label: "system" });
  try {
    const db = await getDb();
    await db.auditEvent.create({
      data: {
        id: newId("aud"),
        workspaceId,
        actorType: actor.type,
        actorId: actor.id ?? null,
        actorLabel: actor.label,
        action,
        targetType: target?.type ?? null,
        targetId: target?.id ?? null,
        details:
          details || target?.name
            ? JSON.stringify({ ...(target?.name ? { name: target.name } : {}), ...details })
            : null,
      },
    });
  } catch (e) {
    log("audit").error({ action, workspaceId, ...errField(e) }, "could not record an audit event");
  }
}
