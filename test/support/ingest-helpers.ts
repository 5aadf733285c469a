// Helpers for the ingest integration tests: a published flow with a given webhook trigger config,
// senders' signatures made by their official libraries, and direct reads of what ingest stored.
import { createHmac, randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { sign as githubSign } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { expect } from "vitest";
import type { z } from "zod";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import type { webhookTriggerConfig } from "@/lib/nodes/catalog";
import { newId } from "@/lib/ids";
import type { Pending } from "@/lib/webhooks/batch-types";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually } from "./engine-harness";

export type TriggerConfig = z.input<typeof webhookTriggerConfig>;
type Origin = { origin: string };

function definition(trigger: TriggerConfig, target?: string): FlowDefinition {
  const nodes: FlowDefinition["nodes"] = [
    { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: trigger } },
  ];
  if (!target) return { schemaVersion: 1, nodes, edges: [] };
  nodes.push({
    id: "http_1",
    type: "http",
    position: { x: 300, y: 0 },
    data: { label: "Notify", config: { method: "POST", url: target, body: '{"body":"{{ trigger.body }}"}' } },
  });
  return { schemaVersion: 1, nodes, edges: [{ id: "e1", source: "trigger", target: "http_1" }] };
}

/**
 * A flow whose webhook trigger has `trigger` as config, published unless `publish: false`; with
 * `target`, an HTTP action posts `{"body": <trigger.body>}` there.
 */
export async function webhookFlow(trigger: TriggerConfig = {}, opts: { target?: string; publish?: boolean } = {}) {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `ingest test ${randomUUID().slice(0, 8)}` });
  const tokenOf = (kind: string) => flow.endpoints.find((e) => e.kind === kind)!.token;
  let revision = 0;
  const configure = async (config: TriggerConfig, publish = true) => {
    await saveDraft(ws, flow.id, { definition: definition(config, opts.target), revision: revision++ });
    if (publish) await publishFlow(ws, flow.id);
    forgetEndpoints();
  };
  await configure(trigger, opts.publish ?? true);
  return {
    ws,
    flowId: flow.id,
    live: `/api/hooks/${tokenOf("live")}`,
    test: `/api/hooks/test/${tokenOf("test")}`,
    liveToken: tokenOf("live"),
    testToken: tokenOf("test"),
    configure,
  };
}

/**
 * For tests of the group commit's writers: a published flow and a maker of the deliveries ingest
 * would hand them (accepted, deduplicated on `key`, queuing a held run; `rate` when given).
 */
export async function writerFlow(trigger: TriggerConfig = {}) {
  const { flowId } = await webhookFlow(trigger);
  const db = await getDb();
  const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { flowId, kind: "live" } });
  const version = await db.flowVersion.findFirstOrThrow({ where: { flowId } });
  const item = (key: string, rate?: Pending["rate"]): Pending => ({
    row: {
      id: newId("dlv"),
      workspaceId: endpoint.workspaceId,
      flowId,
      endpointId: endpoint.id,
      kind: "live",
      method: "POST",
      query: "",
      headers: "{}",
      body: Buffer.from(`{"id":"${key}"}`),
      contentType: "application/json",
      sourceIp: null,
      receivedAt: new Date(),
      verdict: "accepted",
      reason: null,
      size: 12,
      identity: key,
      eventType: null,
    },
    dedupe: { key, windowMs: 3_600_000 },
    ...(rate ? { rate } : {}),
    run: { versionId: version.id, definition: null, held: true },
  });
  return { flowId, item };
}

/** A webhook-secret credential in the default workspace; returns its id. */
export async function newSecret(value: string): Promise<string> {
  return (
    await createCredential(await currentWorkspaceId(), {
      name: `secret ${randomUUID().slice(0, 8)}`,
      type: "webhook-secret",
      value,
    })
  ).id;
}

export type Answer = {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
  id: string | undefined;
  ms: number;
};

/** Sends a request to the engine like a sender would and reads the whole answer. */
export async function send(
  engine: Origin,
  path: string,
  body: string | Uint8Array | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
  method = "POST",
): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${engine.origin}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  return answerOf(res.status, res.headers, text, performance.now() - started);
}

// A sender is another machine: its requests keep arriving while this process is busy (SQLite
// commits block the event loop). Sent from the test's own event loop, each request would wait for
// the previous commit, and no two would ever share a transaction; so load comes from a worker thread.
const WORKER = `
  const { parentPort, workerData } = require("node:worker_threads");
  Promise.all(workerData.requests.map(async ({ body, headers }) => {
    const started = performance.now();
    const res = await fetch(workerData.url, { method: "POST", headers, body });
    return { status: res.status, headers: [...res.headers], text: await res.text(), ms: performance.now() - started };
  })).then((answers) => parentPort.postMessage(answers), (e) => parentPort.postMessage({ error: String(e) }));`;

/** POSTs every request at once from a worker thread (a separate event loop, like real senders). */
export async function postConcurrently(
  engine: Origin,
  path: string,
  requests: { body: string; headers?: Record<string, string> }[],
): Promise<Answer[]> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      url: `${engine.origin}${path}`,
      requests: requests.map((r) => ({ body: r.body, headers: r.headers ?? { "content-type": "application/json" } })),
    },
  });
  try {
    const raw = await new Promise<
      { status: number; headers: [string, string][]; text: string; ms: number }[] | { error: string }
    >((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    if (!Array.isArray(raw)) throw new Error(`the worker failed: ${raw.error}`);
    return raw.map((r) => answerOf(r.status, new Headers(r.headers), r.text, r.ms));
  } finally {
    await worker.terminate();
  }
}

function answerOf(status: number, headers: Headers, text: string, ms: number): Answer {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status, headers, text, json, id: typeof json.id === "string" ? json.id : undefined, ms };
}

export const deliveryRow = async (id: string) => (await getDb()).delivery.findUniqueOrThrow({ where: { id } });
/**
 * The runs deliveries started: runs created, and runs requested that the dispatcher has not created
 * yet (id null). One statement, so a request turning into its run meanwhile is counted once.
 */
type StartedRun = { id: string | null; deliveryId: string | null };
export const runsOfDelivery = async (id: string): Promise<StartedRun[]> =>
  (await getDb()).$queryRaw<
    StartedRun[]
  >`SELECT "id", "deliveryId" FROM "Run" WHERE "deliveryId" = ${id} UNION ALL SELECT NULL, "deliveryId" FROM "RunRequest" WHERE "deliveryId" = ${id}`;
export const deliveriesOfFlow = async (flowId: string) =>
  (await getDb()).delivery.findMany({ where: { flowId }, orderBy: { id: "asc" } });
export const runsOfFlow = async (flowId: string): Promise<StartedRun[]> =>
  (await getDb()).$queryRaw<
    StartedRun[]
  >`SELECT "id", "deliveryId" FROM "Run" WHERE "flowId" = ${flowId} UNION ALL SELECT NULL, "deliveryId" FROM "RunRequest" WHERE "flowId" = ${flowId}`;

/** Waits for the run a delivery started to finish; returns it with the trigger step's output (what the flow sees). */
export async function finishedRun(deliveryId: string, timeoutMs = 20_000) {
  const db = await getDb();
  const run = await eventually(
    async () => {
      const r = await db.run.findFirst({ where: { deliveryId } });
      return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
    },
    timeoutMs,
    `the run of ${deliveryId} to finish`,
  );
  const step = await db.stepRun.findFirst({ where: { runId: run.id, nodeId: "trigger", status: "succeeded" } });
  return {
    run,
    trigger: step?.output
      ? (JSON.parse(step.output) as { body: unknown; headers: Record<string, string>; query: Record<string, string> })
      : undefined,
    triggerText: step?.output ?? "",
  };
}

/** The answer's status, the stored Delivery's verdict (and reason), and how many runs it started. */
export async function expectStored(a: Answer, status: number, verdict: string, reason?: RegExp) {
  expect(a.status, a.text).toBe(status);
  expect(a.id, `answer ${a.text} names its delivery`).toMatch(/^dlv_/);
  const row = await deliveryRow(a.id!);
  expect(row.verdict).toBe(verdict);
  if (reason) expect(row.reason ?? "").toMatch(reason);
  const runs = await runsOfDelivery(a.id!);
  expect(runs, `runs of a ${verdict} delivery`).toHaveLength(verdict === "accepted" ? 1 : 0);
  return row;
}

// ---- senders' signatures, made by their official libraries (Shopify: its documented HMAC) ----

const stripe = new Stripe("sk_test_x");
const nowS = () => Math.floor(Date.now() / 1000);
const JSON_TYPE = { "content-type": "application/json" };

/** Stripe-Signature over `${t}.${payload}`; `offsetS` moves the timestamp off the real clock. */
export const stripeHeaders = (payload: string, secret: string, offsetS = 0) => ({
  ...JSON_TYPE,
  "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: nowS() + offsetS }),
});

/** Standard Webhooks headers for message `id` (the same on every retry). */
export function standardHeaders(payload: string, secret: string, id: string, offsetS = 0) {
  const at = new Date((nowS() + offsetS) * 1000);
  return {
    ...JSON_TYPE,
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, payload),
  };
}

export const githubHeaders = async (payload: string, secret: string, delivery = randomUUID(), event = "issues") => ({
  ...JSON_TYPE,
  "x-github-event": event,
  "x-github-delivery": delivery,
  "x-hub-signature-256": await githubSign(secret, payload),
});

/** Shopify: base64 HMAC-SHA256 of the raw body with the app's client secret. */
export const shopifyHeaders = (payload: string, secret: string, webhookId = randomUUID(), topic = "orders/create") => ({
  ...JSON_TYPE,
  "x-shopify-topic": topic,
  "x-shopify-webhook-id": webhookId,
  "x-shopify-shop-domain": "example.myshopify.com",
  "x-shopify-hmac-sha256": createHmac("sha256", secret).update(payload, "utf8").digest("base64"),
});

/** A Standard Webhooks secret: whsec_ and the base64 of the key bytes. */
export const standardSecret = (key = randomUUID()) => `whsec_${Buffer.from(key).toString("base64")}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
