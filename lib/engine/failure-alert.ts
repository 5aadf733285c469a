// When a run fails (the function run failed: a node failed for good with onError "fail", or the
// function itself gave up), the SDK calls the flow function's onFailure handler, which lands here:
// the Run is marked failed if it is not yet, and the flow's failure alert (definition.settings
// .failureAlert: an action node's type and config, e.g. an HTTP request) runs as one step, recorded
// on the failed run as the step "failure-alert". Its templates read `run.id`, `run.error`,
// `run.failedNode`, `flow.name`, `trigger…` and `nodes.<id>…` of the steps that succeeded.
import "server-only";
import { getDb } from "@/lib/db";
import { parseRequest } from "@/lib/deliveries/parse-request";
import { getNodeKind } from "@/lib/nodes/catalog";
import { executors } from "./executors";
import { recordStep } from "./record-step";
import { ACTIVE_STATUSES, loadDefinition, type StepTools } from "./run-flow";
import type { Scope, TriggerOutput } from "./scope";
import { PermanentError } from "./step-error";

export const FAILURE_ALERT_STEP = "failure-alert";

export async function onRunFailed({
  runId,
  error,
  step,
}: {
  runId: string;
  error: Error;
  step: Pick<StepTools, "run">;
}): Promise<{ alert: string }> {
  const db = await getDb();
  const message = error?.message || "The run failed";
  await db.run.updateMany({
    where: { id: runId, status: { in: ACTIVE_STATUSES } },
    data: { status: "failed", error: message, finishedAt: new Date() },
  });
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      status: true,
      error: true,
      flowId: true,
      flowVersionId: true,
      definition: true,
      deliveryId: true,
      dryRun: true,
    },
  });
  if (!run || run.status !== "failed") return { alert: "none" };
  let def;
  try {
    def = (await loadDefinition(run)).def;
  } catch {
    return { alert: "none" }; // a draft snapshot that cannot be read has no alert to send
  }
  const alert = def.settings?.failureAlert;
  // A dry run sends nothing, not even its alert.
  if (!alert || run.dryRun) return { alert: "none" };

  await step.run(FAILURE_ALERT_STEP, async () => {
    const key = { runId, nodeId: FAILURE_ALERT_STEP, nodeType: alert.type, attempt: 0 };
    const kind = getNodeKind(alert.type);
    const exec = executors[alert.type as keyof typeof executors];
    const parsed = kind?.config.safeParse(alert.config);
    if (!kind || !exec || !parsed?.success) {
      return recordStep(key, null, () =>
        Promise.reject(new PermanentError(`The failure alert is not a valid action ("${alert.type}")`)),
      );
    }
    const scope = await alertScope(runId, run);
    let input: unknown;
    try {
      input = exec.resolve(parsed.data as never, scope).input;
    } catch (e) {
      return recordStep(key, null, () =>
        Promise.reject(new PermanentError(`Could not prepare the failure alert: ${(e as Error).message}`)),
      );
    }
    return recordStep(key, input, () =>
      exec.run(input as never, {
        runId,
        nodeId: FAILURE_ALERT_STEP,
        attempt: 0,
        idempotencyKey: `${runId}:${FAILURE_ALERT_STEP}`,
      }),
    );
  });
  return { alert: "sent" };
}

async function alertScope(
  runId: string,
  run: { error: string | null; flowId: string; deliveryId: string | null },
): Promise<Scope> {
  const db = await getDb();
  const [flow, delivery, steps] = await Promise.all([
    db.flow.findUnique({ where: { id: run.flowId }, select: { id: true, name: true } }),
    run.deliveryId ? db.delivery.findUnique({ where: { id: run.deliveryId } }) : null,
    db.stepRun.findMany({ where: { runId, status: "succeeded" }, select: { nodeId: true, output: true } }),
  ]);
  const trigger: TriggerOutput = delivery
    ? parseRequest(delivery)
    : { method: "", headers: {}, query: {}, body: null, receivedAt: "" };
  const nodes = Object.fromEntries(
    steps.map((s) => [s.nodeId, s.output === null ? null : (JSON.parse(s.output) as unknown)]),
  );
  // NodeFailedError messages are "<step id>: <reason>".
  const failedNode = /^([A-Za-z0-9_#.-]+): /.exec(run.error ?? "")?.[1] ?? null;
  return {
    trigger,
    nodes,
    run: { id: runId, status: "failed", error: run.error, failedNode },
    flow: { id: flow?.id ?? run.flowId, name: flow?.name ?? "" },
  };
}
