// "Test this step": runs one node of the editor's draft with the captured sample as `trigger` and
// the last run's outputs (plus outputs of steps tested just before) as `nodes`, through the node's
// own executor (lib/engine/executors), so the SSRF guard and credential handling are the engine's.
// A side-effecting node only acts when the caller confirmed it; otherwise it answers the resolved
// input as a preview. Nothing is recorded as a run.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { errorJson } from "@/lib/engine/record-step";
import { executors } from "@/lib/engine/executors";
import type { Scope, TriggerOutput } from "@/lib/engine/scope";
import { newId } from "@/lib/ids";
import { getNodeKind, isTriggerType } from "@/lib/nodes/catalog";
import { configProblem } from "@/lib/nodes/field-labels";
import { latestSample } from "@/lib/webhooks/latest-sample";
import { latestFire, scheduledTrigger, scheduleTriggerConfig, type ScheduledTrigger } from "@/lib/nodes/kinds/schedule";
import { parseStoredDefinition, type FlowNode } from "./definition";
import type { TestStepResult } from "./test-step-types";

export type TestStepInput = { node: FlowNode; confirm: boolean; outputs?: Record<string, unknown> | undefined };

const MAX_TEST_MS = 60_000;

/** The outputs of the succeeded steps of the flow's newest run, by node id. */
async function lastRunOutputs(workspaceId: string, flowId: string): Promise<Record<string, unknown>> {
  const db = await getDb();
  const run = await db.run.findFirst({
    where: { workspaceId, flowId },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!run) return {};
  const steps = await db.stepRun.findMany({
    where: { runId: run.id, status: "succeeded" },
    orderBy: { attempt: "asc" },
    select: { nodeId: true, output: true },
  });
  const out: Record<string, unknown> = {};
  for (const s of steps) {
    if (s.output === null || s.nodeId.includes("#")) continue;
    try {
      out[s.nodeId] = JSON.parse(s.output);
    } catch {
      // a corrupt row is skipped, not fatal
    }
  }
  return out;
}

/** The trigger data of a scheduled run at the draft schedule's latest fire time, or null (not a schedule flow). */
async function draftScheduleTrigger(flowId: string): Promise<ScheduledTrigger | null> {
  const flow = await (await getDb()).flow.findUnique({ where: { id: flowId }, select: { draft: true } });
  const node = flow ? parseStoredDefinition(flow.draft).nodes.find((n) => n.type === "schedule") : undefined;
  if (!node) return null;
  const config = scheduleTriggerConfig.safeParse(node.data.config);
  if (!config.success) return { scheduledAt: new Date().toISOString(), timezone: "UTC", cron: "" };
  return scheduledTrigger(config.data, latestFire(config.data, new Date()) ?? new Date());
}

export async function testStep(workspaceId: string, flowId: string, req: TestStepInput): Promise<TestStepResult> {
  const sample = await latestSample(workspaceId, flowId); // also 404s a flow of another workspace
  const { node } = req;
  const kind = getNodeKind(node.type);
  if (!kind) throw new ApiError("unprocessable", `Unknown node type "${node.type}"`);
  // A schedule flow's trigger is its latest tick (as a scheduled run sees it), not a request.
  const scheduled = await draftScheduleTrigger(flowId);
  const trigger =
    scheduled ??
    ((sample?.trigger ?? {
      method: "POST",
      headers: {},
      query: {},
      body: null,
      receivedAt: new Date().toISOString(),
    }) as TriggerOutput);
  if (isTriggerType(node.type)) {
    return {
      ran: true,
      sideEffect: false,
      input: null,
      missing: [],
      output: trigger,
      status: "succeeded",
      durationMs: 0,
      usedSample: Boolean(sample) && !scheduled,
    };
  }
  const exec = executors[node.type as keyof typeof executors];
  if (!exec)
    throw new ApiError(
      "unprocessable",
      `${kind.label} steps cannot be tested on their own; run the flow from the test URL instead.`,
    );
  const parsed = kind.config.safeParse(node.data.config);
  if (!parsed.success) {
    throw new ApiError(
      "unprocessable",
      `Fix the settings first: ${parsed.error.issues.map((i) => configProblem(kind, i)).join("; ")}`,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const scope: Scope = { trigger, nodes: { ...(await lastRunOutputs(workspaceId, flowId)), ...(req.outputs ?? {}) } };
  let resolved: { input: unknown; missing: string[] };
  try {
    resolved = exec.resolve(parsed.data as never, scope);
  } catch (e) {
    throw new ApiError("unprocessable", `Could not prepare the step: ${(e as Error).message}`);
  }
  const base = {
    sideEffect: kind.sideEffect,
    input: resolved.input,
    missing: resolved.missing,
    usedSample: Boolean(sample) && !scheduled,
  };
  if (kind.sideEffect && !req.confirm) return { ...base, ran: false, status: "preview", durationMs: null };

  const id = newId("test");
  const started = performance.now();
  const signal = AbortSignal.timeout(Math.min(node.data.settings?.timeoutMs ?? MAX_TEST_MS, MAX_TEST_MS));
  try {
    // workspaceId: executors that read credentials take the workspace from here (no Run row exists).
    const ctx = { runId: id, nodeId: node.id, attempt: 1, idempotencyKey: `${id}:${node.id}`, signal, workspaceId };
    const output = await exec.run(resolved.input as never, ctx);
    return { ...base, ran: true, status: "succeeded", output, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const { name, message } = errorJson(e);
    return {
      ...base,
      ran: true,
      status: "failed",
      error: { name, message },
      durationMs: Math.round(performance.now() - started),
    };
  }
}
