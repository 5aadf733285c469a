// Runs one Run: loads its pinned version and delivery and walks the graph from the trigger
// (docs/engine.md). Every node is one durable step: step.run with the node id as step id (actions,
// and the evaluation of a filter, branch or loop), or step.sleep/sleepUntil for a delay. The
// trigger is not a step: its output is the stored delivery, parsed (immutable, and kept as long as
// its run), so it is read again on each call instead of costing a step and a checkpoint per run;
// it is recorded once as the run's first StepRun. Nodes whose predecessors are all done start
// together, so parallel edges run as parallel steps. A branch follows only its chosen output; a
// loop runs its body once per item with the step ids "<node>#<index>". Takes `step` as a
// parameter, so lib/engine stays SDK-agnostic.
//
// The SDK calls this function once per step and replays it: code outside steps must be
// deterministic (everything it reads comes from memoized step results or the pinned version) and
// cheap; all bookkeeping outside steps is idempotent.
import "server-only";
import { getDb, type Db } from "@/lib/db";
import { parseRequest } from "@/lib/deliveries/parse-request";
import { parseStoredDefinition, type FlowDefinition, type FlowNode } from "@/lib/flows/definition";
import { findCycle } from "@/lib/flows/check-graph";
import { planFlow, type FlowPlan, type PlanEdge } from "@/lib/flows/execution-order";
import { resolveString } from "@/lib/flows/template";
import { getNodeKind, isTriggerType } from "@/lib/nodes/catalog";
import { traceCondition, looseEquals } from "@/lib/nodes/condition";
import { SWITCH_DEFAULT, type BranchConfig } from "@/lib/nodes/kinds/branch";
import { delayMs, type DelayConfig } from "@/lib/nodes/kinds/delay";
import type { FilterConfig } from "@/lib/nodes/kinds/filter";
import { LOOP_DONE, type LoopConfig } from "@/lib/nodes/kinds/loop";
import { scheduledTrigger, type ScheduledTrigger } from "@/lib/nodes/kinds/schedule";
import { effectiveNodeSettings, type EffectiveNodeSettings } from "@/lib/nodes/settings";
import { bookDate, bookRead, bookWrite, type RowWrite } from "./book";
import { executors } from "./executors";
import { errorJson, recordOnce, recordReused, recordSleep, recordStep, recordWake, type StepKey } from "./record-step";
import type { LoopScope, Scope, TriggerOutput } from "./scope";
import { PermanentError } from "./step-error";

export type StepTools = {
  run: <T>(id: string, fn: () => Promise<T>) => Promise<T>;
  sleep: (id: string, ms: number) => Promise<unknown>;
  sleepUntil: (id: string, at: Date) => Promise<unknown>;
};

export const FINAL_STATUSES = new Set(["succeeded", "failed", "cancelled"]);
export const ACTIVE_STATUSES = ["queued", "running", "sleeping", "retrying"];

export type RunResult = { status: string; failedNode?: string; error?: string };

/** A node failed for good (after its retries, with onError "fail"): the run fails. */
export class NodeFailedError extends PermanentError {
  override name = "NodeFailedError";
  constructor(
    readonly stepId: string,
    readonly reason: string,
  ) {
    super(`${stepId}: ${reason}`);
  }
}

// Published versions never change, so their parsed definitions and plans are cached by version id.
type Loaded = { def: FlowDefinition; plan: FlowPlan };
const definitions = new Map<string, Loaded>();
function load(json: string): Loaded {
  const def = parseStoredDefinition(json);
  // Published versions passed the graph rules; a draft snapshot may not have: a cycle would make
  // the walk wait for itself forever.
  const cycle = findCycle(def);
  if (cycle) throw new PermanentError(`The flow contains a cycle: ${cycle.join(" → ")}`);
  return { def, plan: planFlow(def) };
}

export async function loadDefinition(run: {
  flowVersionId: string | null;
  definition: string | null;
}): Promise<Loaded> {
  // A draft run (from the test URL) carries a snapshot of the draft it runs.
  if (!run.flowVersionId) return load(run.definition ?? "");
  const hit = definitions.get(run.flowVersionId);
  if (hit) return hit;
  const db = await getDb();
  const v = await db.flowVersion.findUniqueOrThrow({ where: { id: run.flowVersionId }, select: { definition: true } });
  const loaded = load(v.definition);
  if (definitions.size > 500) definitions.clear();
  definitions.set(run.flowVersionId, loaded);
  return loaded;
}

type Reusable = Map<string, { input: string | null; output: string | null; fromRunId: string }>;

/**
 * How long a call runs before it reads the run's status ahead of each further step. The SDK
 * reports finished steps in batches (lib/inngest/client.ts), and a cancelled run's checkpoint is
 * refused only when it is sent: this read makes a cancel stop a long call at its next step.
 */
export const CHECK_STATUS_AFTER_MS = 250;

/** The run was cancelled (or ended otherwise) while this call walked it. */
class RunEnded extends Error {
  constructor(readonly status: string) {
    super(`The run is ${status}`);
  }
}

type Walk = {
  db: Db;
  runId: string;
  attempt: number;
  step: StepTools;
  plan: FlowPlan;
  triggerId: string;
  dryRun: boolean;
  /** The stored delivery that started the run (read with the run), or null if it is gone. */
  delivery: DeliveryRow | null;
  /** A scheduled run's trigger output (it has no delivery). */
  scheduled: ScheduledTrigger | null;
  reusable: Reusable | null;
  /**
   * A later call of the run (after a sleep, a retry or a crash): the outputs this run's steps
   * recorded as succeeded, by step id. A step the SDK does not know as done yet (its checkpoint was
   * still buffered when the call ended) takes its recorded output instead of running again.
   */
  recorded: Map<string, string | null> | null;
  /** When this call began (ms). */
  began: number;
  /** Strictly increasing step start times within the call: a run's steps keep their order even within one millisecond. */
  clock: () => Date;
  trigger?: TriggerOutput | ScheduledTrigger;
  /** Set when a node with onError "stop" failed: no further node starts. */
  stopped: boolean;
};

/** Outputs of the nodes that ran, per loop iteration (a frame per iteration, chained outwards). */
type Frame = { outputs: Map<string, unknown>; parent?: Frame; loop?: LoopScope & { id: string }; suffix: string };

/** What a node's outgoing edges see: whether it ran, and which output it chose. */
type NodeResult = { ran: boolean; handle?: string; blocked?: boolean };

// Run status transitions go through the engine's group-committed bookkeeping connection (book.ts),
// all as one write: [to, startedAt, finishedAt, set error?, error, run id, from (comma-separated)].
// It applies only while the run is in one of the `from` statuses.
const RUN_STATUS: RowWrite = {
  one: (postgres) =>
    `UPDATE "Run" SET "status" = ?, "startedAt" = COALESCE(?, "startedAt"), "finishedAt" = COALESCE(?, "finishedAt"), "error" = CASE WHEN ? THEN ? ELSE "error" END ` +
    `WHERE "id" = ? AND ${postgres ? `"status" = ANY(string_to_array(?, ','))` : `instr(',' || ? || ',', ',' || "status" || ',') > 0`}`,
  many:
    'UPDATE "Run" AS r SET "status" = x.s, "startedAt" = COALESCE(x.started, r."startedAt"), "finishedAt" = COALESCE(x.finished, r."finishedAt"), ' +
    '"error" = CASE WHEN x.seterr THEN x.err ELSE r."error" END ' +
    "FROM unnest($1::text[], $2::timestamp(3)[], $3::timestamp(3)[], $4::bool[], $5::text[], $6::text[], $7::text[]) AS x(s, started, finished, seterr, err, id, frm) " +
    `WHERE r."id" = x.id AND r."status" = ANY(string_to_array(x.frm, ','))`,
  row: (params) => `Run\0${String(params[5])}`,
  sameRow: "ordered",
};
/** Moves the run to `to` if it is in one of `from` (queued with the other writes of this turn). */
export const setRunStatus = (
  runId: string,
  from: string[],
  to: string,
  at: { started?: Date; finished?: Date; error?: string | null } = {},
) =>
  bookWrite(RUN_STATUS, [
    to,
    at.started ?? null,
    at.finished ?? null,
    "error" in at,
    at.error ?? null,
    runId,
    from.join(","),
  ]);
// The run and its delivery in one read (the trigger's output is the delivery, parsed).
const READ_RUN =
  `SELECT r."status", r."flowVersionId", r."definition", r."dryRun", r."retryOfRunId", r."scheduledAt", d."id" AS "dId", d."method", d."headers", d."query", d."body", d."contentType", d."receivedAt" ` +
  `FROM "Run" r LEFT JOIN "Delivery" d ON d."id" = r."deliveryId" WHERE r."id" = ?`;
type DeliveryRow = {
  method: string;
  headers: string;
  query: string;
  body: Uint8Array | ArrayBuffer;
  contentType: string | null;
  receivedAt: string | number | Date;
};
type RunRow = {
  status: string;
  flowVersionId: string | null;
  definition: string | null;
  dryRun: boolean | number;
  retryOfRunId: string | null;
  scheduledAt: string | number | Date | null;
  dId: string | null;
} & DeliveryRow;

const finishRun = (runId: string, status: string, error: string | null) =>
  setRunStatus(runId, ACTIVE_STATUSES, status, { finished: new Date(), error });

export async function runFlow({
  runId,
  attempt,
  step,
}: {
  runId: string;
  attempt: number;
  step: StepTools;
}): Promise<RunResult> {
  const began = Date.now();
  const db = await getDb();
  // The SDK calls this once per request (with checkpointing, about once per run): keep the work
  // outside steps small (no delivery, no definition parse, raw SQL instead of the ORM).
  const run = await bookRead<RunRow>(READ_RUN, [runId]);
  if (!run) throw new PermanentError(`Run ${runId} does not exist`);
  // A cancelled run stops here, at the next step boundary.
  if (FINAL_STATUSES.has(run.status)) return { status: run.status };
  if (run.status === "queued") await setRunStatus(runId, ["queued"], "running", { started: new Date() });

  const fail = async (e: unknown) => {
    await finishRun(runId, "failed", errorJson(e).message);
  };
  let loaded: Loaded;
  try {
    loaded = await loadDefinition(run);
  } catch (e) {
    // A definition that cannot run fails the run; a database hiccup is retried.
    if (e instanceof PermanentError || e instanceof SyntaxError || (e as Error).name === "ZodError") {
      await fail(e);
      throw new PermanentError(errorJson(e).message);
    }
    throw e;
  }
  const { def, plan } = loaded;
  const trigger = def.nodes.find((n) => isTriggerType(n.type));
  if (!trigger) {
    const e = new PermanentError("The flow has no trigger");
    await fail(e);
    throw e;
  }

  // A scheduled run's trigger output is its tick, from its pinned version's schedule (validated at publish).
  let scheduled: ScheduledTrigger | null = null;
  if (run.scheduledAt !== null) {
    try {
      scheduled = scheduledTrigger(trigger.data.config, bookDate(run.scheduledAt));
    } catch (e) {
      const err = new PermanentError(`The schedule trigger's settings are not valid: ${errorJson(e).message}`);
      await fail(err);
      throw err;
    }
  }
  const walk: Walk = {
    db,
    runId,
    attempt,
    step,
    plan,
    triggerId: trigger.id,
    dryRun: Boolean(run.dryRun),
    delivery:
      run.dId === null
        ? null
        : {
            method: run.method,
            headers: run.headers,
            query: run.query,
            body: run.body,
            contentType: run.contentType,
            receivedAt: run.receivedAt,
          },
    scheduled,
    reusable: run.retryOfRunId ? await reusableSteps(db, run.retryOfRunId) : null,
    recorded: run.status === "queued" ? null : await recordedSteps(db, runId, trigger.id),
    began,
    clock: stepClock(),
    stopped: false,
  };
  const top = def.nodes.filter((n) => !plan.owner.has(n.id)).map((n) => n.id);
  try {
    await walkLevel(walk, { outputs: new Map(), suffix: "" }, top);
  } catch (e) {
    if (e instanceof RunEnded) return { status: e.status };
    const failed = e instanceof NodeFailedError ? e : new NodeFailedError(trigger.id, errorJson(e).message);
    await fail(failed);
    // Thrown (not returned) so the function run fails and the flow's failure alert is sent.
    throw failed;
  }
  await finishRun(runId, "succeeded", null);
  return { status: "succeeded" };
}

/** A run's steps recorded as succeeded. */
const succeededSteps = (db: Db, runId: string) =>
  db.stepRun.findMany({
    where: { runId, status: "succeeded" },
    select: { nodeId: true, input: true, output: true, reusedFromRunId: true },
  });

/** Retry from failure: the succeeded steps of the retried run, by step id. */
async function reusableSteps(db: Db, retryOfRunId: string): Promise<Reusable> {
  const rows = await succeededSteps(db, retryOfRunId);
  return new Map(
    rows.map((r) => [r.nodeId, { input: r.input, output: r.output, fromRunId: r.reusedFromRunId ?? retryOfRunId }]),
  );
}

/** This run's own succeeded steps' outputs (the trigger left out: it is parsed again on each call). */
async function recordedSteps(db: Db, runId: string, triggerId: string): Promise<Map<string, string | null>> {
  const rows = await succeededSteps(db, runId);
  return new Map(rows.filter((r) => r.nodeId !== triggerId).map((r) => [r.nodeId, r.output]));
}

function stepClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}

/** A long call reads the run's status before each step: a cancelled run takes no further step. */
async function stopIfEnded(walk: Walk): Promise<void> {
  if (Date.now() - walk.began < CHECK_STATUS_AFTER_MS) return;
  const run = await bookRead<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id" = ?`, [walk.runId]);
  if (run && FINAL_STATUSES.has(run.status)) throw new RunEnded(run.status);
}

/**
 * Runs one level of the graph: the top level, or one iteration of a loop's body (`entryLoop`).
 * A node starts when all of its predecessors on this level are settled and at least one edge into
 * it is live; a node no live edge reaches is skipped (and so are the nodes only it leads to).
 */
async function walkLevel(walk: Walk, frame: Frame, members: string[], entryLoop?: string): Promise<void> {
  const memberSet = new Set(members);
  const settled = new Map<string, Promise<NodeResult>>();
  const settle = (id: string): Promise<NodeResult> => {
    let p = settled.get(id);
    if (!p) {
      p = settleNode(id);
      settled.set(id, p);
    }
    return p;
  };
  const edgeLive = async (e: PlanEdge): Promise<boolean> => {
    if (e.source === entryLoop) return e.handle === "each";
    const r = await settle(e.source);
    if (!r.ran || r.blocked) return false;
    return r.handle === undefined || r.handle === e.handle;
  };
  const settleNode = async (id: string): Promise<NodeResult> => {
    const node = walk.plan.byId.get(id)!;
    if (id !== walk.triggerId) {
      const edges = (walk.plan.incoming.get(id) ?? []).filter((e) => memberSet.has(e.source) || e.source === entryLoop);
      const live = await Promise.all(edges.map(edgeLive));
      if (!live.some(Boolean)) return { ran: false };
    }
    if (walk.stopped) return { ran: false };
    return runNode(walk, node, frame);
  };
  await Promise.all(members.map(settle));
}

function lookupOutput(frame: Frame, id: string): { found: boolean; value?: unknown } {
  for (let f: Frame | undefined = frame; f; f = f.parent)
    if (f.outputs.has(id)) return { found: true, value: f.outputs.get(id) };
  return { found: false };
}

/** The scope a node's templates read: the trigger, its ancestors' outputs and the loops it is in. */
function scopeFor(walk: Walk, node: FlowNode, frame: Frame): Scope {
  const nodes: Record<string, unknown> = {};
  for (const a of walk.plan.ancestors.get(node.id) ?? []) {
    const r = lookupOutput(frame, a);
    if (r.found) nodes[a] = r.value;
  }
  const loops: Record<string, LoopScope> = {};
  let loop: LoopScope | undefined;
  for (let f: Frame | undefined = frame; f; f = f.parent) {
    if (!f.loop || f.loop.id in loops) continue;
    loops[f.loop.id] = { item: f.loop.item, index: f.loop.index };
    loop ??= loops[f.loop.id];
  }
  return { trigger: walk.trigger!, nodes, ...(loop ? { loop, loops } : {}) };
}

async function runNode(walk: Walk, node: FlowNode, frame: Frame): Promise<NodeResult> {
  const stepId = node.id + frame.suffix;
  const key: StepKey = { runId: walk.runId, nodeId: stepId, nodeType: node.type, attempt: walk.attempt };
  try {
    if (node.id === walk.triggerId) {
      const triggerKey = { ...key, attempt: 0 };
      walk.trigger = await guardStep(walk, triggerKey, () => triggerStep(walk, triggerKey));
      frame.outputs.set(node.id, walk.trigger);
      return { ran: true };
    }
    await stopIfEnded(walk);
    const kind = getNodeKind(node.type);
    if (!kind) throw new PermanentError(`Unknown node type "${node.type}"`);
    const parseConfig = () => {
      const parsed = kind.config.safeParse(node.data.config);
      if (!parsed.success)
        throw new PermanentError(
          `Invalid ${kind.label} settings: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
        );
      return parsed.data;
    };
    const scope = () => scopeFor(walk, node, frame);
    switch (node.type) {
      case "delay":
        return await delayNode(walk, key, parseConfig() as DelayConfig, scope, frame, node.id);
      case "loop":
        return await loopNode(walk, key, node, parseConfig() as LoopConfig, scope, frame);
      case "filter":
      case "branch": {
        const out = await walk.step.run(stepId, () =>
          guardStep(walk, key, () =>
            recordLogic(key, walk.clock(), () =>
              node.type === "filter"
                ? filterStep(parseConfig() as FilterConfig, scope())
                : branchStep(parseConfig() as BranchConfig, scope()),
            ),
          ),
        );
        frame.outputs.set(node.id, out.output);
        return out.output.handle !== undefined
          ? { ran: true, handle: out.output.handle }
          : { ran: true, blocked: out.output.passed === false };
      }
      default: {
        const settings = effectiveNodeSettings(node.data.settings);
        const out = await walk.step.run(stepId, () =>
          guardStep(walk, key, () => actionStep(walk, key, node, settings, scope)),
        );
        frame.outputs.set(node.id, out.output);
        if (out.stop) {
          walk.stopped = true;
          return { ran: true, blocked: true };
        }
        return { ran: true };
      }
    }
  } catch (e) {
    if (e instanceof NodeFailedError || e instanceof RunEnded) throw e;
    throw new NodeFailedError(stepId, errorJson(e).message);
  }
}

/**
 * A step that already succeeded returns its recorded output instead of running: one of this run's
 * (`walk.recorded`), or, retrying from failure, one of the retried run's.
 */
async function guardStep<T>(walk: Walk, key: StepKey, fn: () => Promise<T>): Promise<T> {
  const own = walk.recorded?.get(key.nodeId);
  if (own !== undefined) return stepResult<T>(key, own);
  const prev = walk.reusable?.get(key.nodeId);
  if (!prev) return fn();
  await recordReused(key, prev, walk.clock());
  return stepResult<T>(key, prev.output);
}

function stepResult<T>(key: StepKey, recorded: string | null): T {
  const output = recorded === null ? null : (JSON.parse(recorded) as unknown);
  // The trigger and loop steps return their output as it is; the others return { output }.
  return (isTriggerType(key.nodeType) || key.nodeType === "loop" ? output : { output }) as T;
}

async function triggerStep(walk: Walk, key: StepKey): Promise<TriggerOutput | ScheduledTrigger> {
  return recordOnce(
    key,
    async () => {
      if (walk.scheduled) return walk.scheduled;
      const row = walk.delivery;
      if (!row) throw new PermanentError("The delivery that started this run is gone");
      const body = row.body instanceof Uint8Array ? row.body : new Uint8Array(row.body);
      return parseRequest({ ...row, body, receivedAt: bookDate(row.receivedAt) });
    },
    walk.clock(),
  );
}

type LogicOutput = { output: { handle?: string; passed?: boolean; [k: string]: unknown } };

async function recordLogic(
  key: StepKey,
  startedAt: Date,
  evaluate: () => { input: unknown; output: LogicOutput["output"] },
): Promise<LogicOutput> {
  let result: { input: unknown; output: LogicOutput["output"] } | undefined;
  let failure: unknown;
  try {
    result = evaluate();
  } catch (e) {
    failure = e instanceof PermanentError ? e : new PermanentError((e as Error).message);
  }
  const output = await recordStep(
    key,
    result?.input,
    async () => {
      if (failure) throw failure;
      return result!.output;
    },
    startedAt,
  );
  return { output };
}

function filterStep(config: FilterConfig, scope: Scope) {
  const trace = traceCondition(config.condition, scope);
  return {
    input: { condition: trace.rules },
    output: trace.result ? { passed: true } : { passed: false, filtered: true },
  };
}

function branchStep(config: BranchConfig, scope: Scope) {
  if (config.mode === "if") {
    const trace = traceCondition(config.condition, scope);
    return {
      input: { condition: trace.rules },
      output: { result: trace.result, handle: trace.result ? "true" : "false" },
    };
  }
  const value = resolveString(config.value, scope).value;
  const cases = config.cases.map((c) => ({ name: c.name, value: resolveString(c.value, scope).value }));
  const hit = cases.find((c) => looseEquals(value, c.value));
  return { input: { value, cases }, output: { value, handle: hit ? hit.name : SWITCH_DEFAULT } };
}

type ActionOutput = { output: unknown; stop?: true };

async function actionStep(
  walk: Walk,
  key: StepKey,
  node: FlowNode,
  settings: EffectiveNodeSettings,
  scope: () => Scope,
): Promise<ActionOutput> {
  const kind = getNodeKind(node.type);
  const exec = executors[node.type as keyof typeof executors];
  try {
    if (!kind || !exec) throw new PermanentError(`No executor for node type "${node.type}"`);
    const parsed = kind.config.safeParse(node.data.config);
    if (!parsed.success)
      throw new PermanentError(
        `Invalid ${kind.label} settings: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
      );
    let input: unknown;
    try {
      input = exec.resolve(parsed.data as never, scope()).input;
    } catch (e) {
      // A bad reference or config fails the same way on every attempt: do not retry it.
      throw new PermanentError(`Could not prepare the step: ${(e as Error).message}`);
    }
    if (walk.attempt > 0) await setRunStatus(walk.runId, ["retrying"], "running");
    const output = await recordStep(
      key,
      input,
      () => {
        if (walk.dryRun && kind.sideEffect) return Promise.resolve({ preview: input });
        const ctx = {
          runId: walk.runId,
          nodeId: key.nodeId,
          attempt: walk.attempt,
          idempotencyKey: `${walk.runId}:${key.nodeId}`,
        };
        return withTimeout(settings.timeoutMs, (signal) => exec.run(input as never, { ...ctx, signal }));
      },
      walk.clock(),
    );
    return { output };
  } catch (e) {
    const final = e instanceof PermanentError || walk.attempt >= settings.retries;
    if (!final) {
      await setRunStatus(walk.runId, ["running"], "retrying");
      throw e;
    }
    const error = { name: (e as Error).name, message: (e as Error).message };
    if (settings.onError === "continue") return { output: { error } };
    if (settings.onError === "stop") return { output: { error, stopped: true }, stop: true };
    throw e instanceof PermanentError ? e : new PermanentError(error.message);
  }
}

export class StepTimeoutError extends Error {
  override name = "StepTimeoutError";
}

/** Fails an attempt that takes longer than the node's timeout (retried like any failure). */
async function withTimeout<T>(ms: number | undefined, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (ms === undefined) return run();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StepTimeoutError(`Timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function delayNode(
  walk: Walk,
  key: StepKey,
  config: DelayConfig,
  scope: () => Scope,
  frame: Frame,
  nodeId: string,
): Promise<NodeResult> {
  const stepId = key.nodeId;
  const sleepKey = { ...key, attempt: 0 };
  const prev = walk.reusable?.get(stepId);
  if (prev) {
    await recordReused(sleepKey, prev, walk.clock());
    frame.outputs.set(nodeId, prev.output === null ? null : JSON.parse(prev.output));
    return { ran: true };
  }
  let until: Date | undefined;
  let input: Record<string, unknown>;
  if (config.mode === "duration") {
    input = { duration: `${config.amount} ${config.unit}`, ms: delayMs(config) };
  } else {
    const raw = resolveString(config.until, scope()).value;
    const at = typeof raw === "number" ? raw : typeof raw === "string" ? Date.parse(raw) : NaN;
    if (!Number.isFinite(at)) {
      // Fails the same way on every attempt: recorded as a failed step.
      await walk.step.run(stepId, () =>
        recordStep(
          key,
          { until: raw ?? null },
          () => Promise.reject(new PermanentError(`"${String(raw ?? "")}" is not a time`)),
          walk.clock(),
        ),
      );
      return { ran: true };
    }
    until = new Date(at);
    input = { until: until.toISOString() };
  }
  if (walk.dryRun) {
    const output = await walk.step.run(stepId, () =>
      recordStep(key, input, async () => ({ preview: input }), walk.clock()),
    );
    frame.outputs.set(nodeId, output);
    return { ran: true };
  }
  if ((await recordSleep(sleepKey, input, walk.clock())) === "new")
    await setRunStatus(walk.runId, ["running", "retrying"], "sleeping");
  if (until) await walk.step.sleepUntil(stepId, until);
  else await walk.step.sleep(stepId, delayMs(config));
  const output = { sleptUntil: until?.toISOString() ?? null, ...input };
  await recordWake(sleepKey, output);
  await setRunStatus(walk.runId, ["sleeping"], "running");
  frame.outputs.set(nodeId, output);
  return { ran: true };
}

async function loopNode(
  walk: Walk,
  key: StepKey,
  node: FlowNode,
  config: LoopConfig,
  scope: () => Scope,
  frame: Frame,
): Promise<NodeResult> {
  // The list is read from memoized data, so reading it again on a replay gives the same items.
  const readItems = () => {
    const raw = resolveString(config.items, scope()).value;
    if (!Array.isArray(raw))
      throw new PermanentError(`${config.items} is not a list (it is ${raw === undefined ? "missing" : typeof raw})`);
    if (raw.length > config.maxItems)
      throw new PermanentError(`The list has ${raw.length} items, more than the loop's limit of ${config.maxItems}`);
    return raw as unknown[];
  };
  const summary = await walk.step.run(key.nodeId, () =>
    guardStep(walk, key, async () => {
      let items: unknown[] | undefined;
      let failure: unknown;
      try {
        items = readItems();
      } catch (e) {
        failure = e;
      }
      return recordStep(
        key,
        { items: items ?? null },
        async () => {
          if (failure) throw failure;
          return { count: items!.length };
        },
        walk.clock(),
      );
    }),
  );
  const items = readItems();
  const body = [...(walk.plan.loopBody.get(node.id) ?? [])].filter((id) => walk.plan.owner.get(id) === node.id);
  // Items run one after the other, in order; "stop" ends the loop too.
  for (let index = 0; index < items.length && !walk.stopped; index++) {
    const suffix = frame.suffix ? `${frame.suffix}.${index}` : `#${index}`;
    await walkLevel(
      walk,
      { outputs: new Map(), parent: frame, loop: { id: node.id, item: items[index], index }, suffix },
      body,
      node.id,
    );
  }
  frame.outputs.set(node.id, summary);
  return { ran: true, handle: LOOP_DONE };
}
