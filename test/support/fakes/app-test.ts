// Helpers for app operation tests: the file's vendor fake with the app pointed at it and an
// account stored as the app would store it (sealed), one operation node run the way the engine
// runs it (resolve, then run), and for tests through the real engine a published flow with one
// app node, its run and attempts, and the time the executor scheduled a step's retry for.
import { afterAll, beforeAll } from "vitest";
import { sealDocument } from "@/lib/credentials/credential-document";
import { getDb } from "@/lib/db";
import { appExecutors } from "@/lib/apps/server/app-executor";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import type { offsetClock } from "@/lib/executor/clock";
import { getNodeKind } from "@/lib/nodes/catalog";
import type { Scope } from "@/lib/engine/scope";
import { newId } from "@/lib/ids";
import { eventually } from "../engine-harness";
import { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET } from "./google";

export type AppAccountRef = { workspaceId: string; credentialId: string };

/**
 * Points the app at a fake of its vendor: HOOKLINE_APP_<APP>_BASE_URL is the fake's URL, and each
 * of `more` is set as HOOKLINE_APP_<APP>_<name> (an OAuth2 client's CLIENT_ID, CLIENT_SECRET).
 * Returns the undo.
 */
export function pointAppAt(appId: string, url: string, more: Record<string, string> = {}): () => void {
  const prefix = `HOOKLINE_APP_${appId.toUpperCase()}_`;
  const vars = { BASE_URL: url, ...more };
  for (const [name, value] of Object.entries(vars)) process.env[`${prefix}${name}`] = value;
  return () => {
    for (const name of Object.keys(vars)) delete process.env[`${prefix}${name}`];
  };
}

/** The fake Google's OAuth2 client, as pointAppAt's `more` for Google Sheets. */
export const GOOGLE_CLIENT_ENV = { CLIENT_ID: GOOGLE_CLIENT_ID, CLIENT_SECRET: GOOGLE_CLIENT_SECRET };

/**
 * An app test file's vendor, as hooks of the file: before its tests the fake starts, the app is
 * pointed at it (pointAppAt, with `more`) and `auth` is stored as an account in a workspace of its
 * own; after them all of it is undone. `fake` and `ws` are set once the hooks ran (read them in tests).
 */
export function withFakeVendor<F extends { url: string; close: () => Promise<void> }>(
  appId: string,
  start: () => Promise<F>,
  auth: unknown,
  more: Record<string, string> = {},
): { fake: F; ws: AppAccountRef } {
  const vendor = {} as { fake: F; ws: AppAccountRef };
  let undo = () => {};
  beforeAll(async () => {
    vendor.fake = await start();
    undo = pointAppAt(appId, vendor.fake.url, more);
    vendor.ws = await workspaceWithAccount(appId, auth);
  });
  afterAll(async () => {
    undo();
    await vendor.fake?.close();
  });
  return vendor;
}

export async function workspaceWithAccount(
  appId: string,
  auth: unknown,
  name = `${appId} account`,
): Promise<AppAccountRef> {
  const db = await getDb();
  const workspaceId = (await db.workspace.create({ data: { id: newId("ws"), name: `apps ${appId}` } })).id;
  const credentialId = await addAccount(workspaceId, appId, auth, name);
  return { workspaceId, credentialId };
}

export async function addAccount(workspaceId: string, appId: string, auth: unknown, name = `${appId} account`) {
  const db = await getDb();
  const id = newId("cred");
  await db.credential.create({
    data: {
      id,
      workspaceId,
      name,
      type: "app",
      ciphertext: sealDocument(workspaceId, id, { current: { app: appId, auth } }),
    },
  });
  return id;
}

export const emptyScope: Scope = {
  trigger: { method: "POST", headers: {}, query: {}, body: {}, receivedAt: "2026-12-06T05:00:00.000Z" },
  nodes: {},
};

/** Runs one app node: its config parsed by the generated kind (defaults filled), templates resolved. */
export async function runAppNode(
  type: string,
  config: Record<string, unknown>,
  ctx: { workspaceId: string; runId?: string; nodeId?: string },
  scope: Scope = emptyScope,
) {
  const kind = getNodeKind(type);
  if (!kind) throw new Error(`no node kind ${type}`);
  const parsed = kind.config.parse({ ...(kind.defaults as object), ...config }) as Record<string, unknown>;
  const exec = appExecutors[type]!;
  const { input, missing } = exec.resolve(parsed as never, scope);
  if (missing.length) throw new Error(`missing ${missing.join(", ")}`);
  const runId = ctx.runId ?? "run_apps";
  const nodeId = ctx.nodeId ?? "app_1";
  return {
    input,
    output: await exec.run(input, {
      runId,
      nodeId,
      attempt: 0,
      idempotencyKey: `${runId}:${nodeId}`,
      workspaceId: ctx.workspaceId,
    } as never),
  };
}

/** The error a promise rejects with (fails when it resolves). */
export async function failure(p: Promise<unknown>): Promise<Error> {
  const r = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in r)) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error as Error;
}

/** A published flow of the workspace: a webhook trigger, then the app node `app_1`; its live webhook path. */
export async function publishAppFlow(workspaceId: string, type: string, config: Record<string, unknown>) {
  const definition: FlowDefinition = {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } },
      { id: "app_1", type, position: { x: 240, y: 0 }, data: { config } },
    ],
    edges: [{ id: "e0", source: "trigger", target: "app_1" }],
  };
  const flow = await createFlow(workspaceId, { name: `${type} flow` });
  await saveDraft(workspaceId, flow.id, { definition, revision: 0 });
  await publishFlow(workspaceId, flow.id);
  return { flowId: flow.id, hookPath: `/api/hooks/${flow.endpoints.find((e) => e.kind === "live")!.token}` };
}

/**
 * When the embedded executor will retry a step of this run (ms on the executor's clock): the
 * not-before of its queued retry job, read from the database; undefined while none is queued.
 */
export async function scheduledRetryAt(runId: string): Promise<number | undefined> {
  const db = await getDb();
  // The executor's run carries the engine's event, whose data names the run.
  const exec = await db.execRun.findFirst({ where: { event: { contains: `"runId":"${runId}"` } } });
  const job = exec
    ? await db.execJob.findFirst({ where: { runId: exec.id, attempt: { gt: 0 } }, orderBy: { notBefore: "asc" } })
    : null;
  return job?.notBefore.getTime();
}

/** Waits for the executor to queue a retry of a step of the run; when it will run (its clock's ms). */
export const retryScheduled = (runId: string) =>
  eventually(() => scheduledRetryAt(runId), 20_000, "the scheduled retry");

/** The run a delivery to the flow started, once the engine has created it. */
export async function runOfFlow(flowId: string) {
  const db = await getDb();
  return eventually(async () => (await db.run.findFirst({ where: { flowId } })) ?? undefined, 20_000, "the run");
}

/** The run once it has succeeded or failed. */
export async function runFinished(runId: string) {
  const db = await getDb();
  return eventually(
    async () => {
      const r = await db.run.findUnique({ where: { id: runId } });
      return r && ["succeeded", "failed"].includes(r.status) ? r : undefined;
    },
    20_000,
    "the run to finish",
  );
}

/** The attempts of the flow's app node (`app_1`) in the run, oldest first. */
export async function appNodeAttempts(runId: string) {
  const db = await getDb();
  return db.stepRun.findMany({ where: { runId, nodeId: "app_1" }, orderBy: { attempt: "asc" } });
}

/**
 * The flow's run whose app step failed once and was queued for a retry: `whileQueued` checks what
 * it likes before the retry (given when it is due), then the executor's clock moves past it; the
 * run once finished, with the app node's attempts.
 */
export async function runRetriedOnce(
  flowId: string,
  clock: ReturnType<typeof offsetClock>,
  whileQueued: (retryAt: number) => void | Promise<void>,
) {
  const started = await runOfFlow(flowId);
  const retryAt = await retryScheduled(started.id);
  await whileQueued(retryAt);
  clock.advance(retryAt - clock.now() + 1);
  const run = await runFinished(started.id);
  return { run, attempts: await appNodeAttempts(run.id) };
}
