// Runs one Run: loads its pinned version and delivery, walks the graph from the trigger and runs
// each node as one durable step whose id is the node id. Takes `step` as a parameter, so it runs
// under the Inngest SDK in production and under a plain stand-in in unit tests.
import "server-only";
import { getDb } from "@/lib/db";
import { parseStoredDefinition, type FlowDefinition } from "@/lib/flows/definition";
import { executionOrder } from "@/lib/flows/execution-order";
import { getNodeKind, isTriggerType } from "@/lib/nodes/catalog";
import { executors } from "./executors";
import { parseRequest } from "./parse-request";
import { errorJson, recordStep } from "./record-step";
import type { Scope, TriggerOutput } from "./scope";
import { PermanentError } from "./step-error";

export type StepTools = { run: <T>(id: string, fn: () => Promise<T>) => Promise<T> };

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

export type RunResult = { status: string; failedNode?: string; error?: string };

// Published versions never change, so their parsed definitions are cached by version id.
const definitions = new Map<string, FlowDefinition>();
async function versionDefinition(versionId: string): Promise<FlowDefinition> {
  const hit = definitions.get(versionId);
  if (hit) return hit;
  const db = await getDb();
  const v = await db.flowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
  const def = parseStoredDefinition(v.definition);
  if (definitions.size > 500) definitions.clear();
  definitions.set(versionId, def);
  return def;
}

export async function runFlow({ runId, attempt, step }: { runId: string; attempt: number; step: StepTools }): Promise<RunResult> {
  const db = await getDb();
  // The SDK calls this once per step: keep the work outside steps small (no delivery, no definition parse).
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, flowVersionId: true, definition: true, deliveryId: true } });
  if (!run) throw new PermanentError(`Run ${runId} does not exist`);
  if (FINAL.has(run.status)) return { status: run.status };
  if (run.status === "queued") await db.run.updateMany({ where: { id: runId, status: "queued" }, data: { status: "running", startedAt: new Date() } });

  // A draft run (from the test URL) carries a snapshot of the draft it runs.
  const def = run.flowVersionId ? await versionDefinition(run.flowVersionId) : parseStoredDefinition(run.definition ?? "");
  const trigger = def.nodes.find((n) => isTriggerType(n.type));
  if (!trigger) throw new PermanentError("The flow version has no trigger");

  const scope: Scope = { trigger: undefined as unknown as TriggerOutput, nodes: {} };
  let current = trigger.id;
  try {
    for (const node of executionOrder(def, trigger.id)) {
      current = node.id;
      const key = { runId, nodeId: node.id, nodeType: node.type, attempt };
      if (node.id === trigger.id) {
        scope.trigger = await step.run(node.id, () =>
          recordStep(key, undefined, async () => {
            const delivery = run.deliveryId ? await db.delivery.findUnique({ where: { id: run.deliveryId } }) : null;
            if (!delivery) throw new PermanentError("The delivery that started this run is gone");
            return parseRequest(delivery);
          }),
        );
        scope.nodes[node.id] = scope.trigger;
        continue;
      }
      scope.nodes[node.id] = await step.run(node.id, async () => {
        const kind = getNodeKind(node.type);
        const exec = executors[node.type as keyof typeof executors];
        if (!kind || !exec) throw new PermanentError(`No executor for node type "${node.type}"`);
        const config = kind.config.parse(node.data.config) as never;
        let input: unknown;
        try {
          input = exec.resolve(config, scope).input;
        } catch (e) {
          // A bad reference or config fails the same way on every attempt: do not retry it.
          throw new PermanentError(`Could not prepare the step: ${(e as Error).message}`);
        }
        return recordStep(key, input, () => exec.run(input as never, { runId, nodeId: node.id, attempt, idempotencyKey: `${runId}:${node.id}` }));
      });
    }
  } catch (e) {
    const message = errorJson(e).message;
    await db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status: "failed", error: `${current}: ${message}`, finishedAt: new Date() },
    });
    return { status: "failed", failedNode: current, error: message };
  }
  await db.run.updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data: { status: "succeeded", finishedAt: new Date() } });
  return { status: "succeeded" };
}
