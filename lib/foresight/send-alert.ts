// Tells the flow's alert channel: the failure alert action of the flow's settings (an HTTP
// request, e-mail, Slack...; lib/engine/failure-alert.ts), run with the same executors. Its
// templates read `run.error` (the foresight message; `run.id` is "foresight"), `flow.name`, and
// `alert.kind` / `alert.message` / `alert.subject`. Nothing is sent when the flow has no alert.
import "server-only";
import type { FlowDefinition } from "@/lib/flows/definition";
import { executors } from "@/lib/engine/executors";
import type { ExecContext } from "@/lib/engine/executors/types";
import type { Scope } from "@/lib/engine/scope";
import { getNodeKind } from "@/lib/nodes/catalog";
import { errField, log } from "@/lib/observability/log";

export type ForesightAlert = { kind: "drift" | "health" | "recovery" | "digest"; subject: string; message: string };

/** Returns whether an alert action ran successfully (false: none configured, or it failed). */
export async function sendForesightAlert(
  flow: { id: string; workspaceId: string; name: string; def: FlowDefinition },
  alert: ForesightAlert,
  key: string,
): Promise<boolean> {
  const action = flow.def.settings?.failureAlert;
  if (!action) return false;
  const kind = getNodeKind(action.type);
  const exec = executors[action.type as keyof typeof executors];
  const parsed = kind?.config.safeParse(action.config);
  if (!kind || !exec || !parsed?.success) {
    log("foresight").warn({ flowId: flow.id, type: action.type }, "the flow's alert action is not valid");
    return false;
  }
  const text = `${alert.subject}: ${alert.message}`;
  const scope: Scope & { alert: ForesightAlert } = {
    trigger: { method: "", headers: {}, query: {}, body: null, receivedAt: "" },
    nodes: {},
    run: { id: "foresight", status: alert.kind, error: text, failedNode: null },
    flow: { id: flow.id, name: flow.name },
    alert,
  };
  try {
    const { input } = exec.resolve(parsed.data as never, scope);
    // No run: the workspace is given, so credentials (SMTP, Slack...) resolve in the flow's workspace.
    const ctx: ExecContext & { workspaceId: string } = {
      runId: "foresight",
      nodeId: `foresight:${alert.kind}`,
      attempt: 0,
      idempotencyKey: `foresight:${flow.id}:${key}:${Date.now()}`,
      workspaceId: flow.workspaceId,
    };
    await exec.run(input as never, ctx);
    return true;
  } catch (e) {
    log("foresight").error({ flowId: flow.id, ...errField(e) }, "the flow's foresight alert could not be sent");
    return false;
  }
}
