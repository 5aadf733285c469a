// "Run now" and re-verification from the request log, through their route handlers and the real
// engine (dispatcher + embedded executor over HTTP), on SQLite and PostgreSQL: a manual run takes
// the durable path and runs end to end with its payload as the trigger's body; a delivery rejected
// for its signature runs once the secret is fixed; and the refusals (a body stored cut, an
// accepted delivery, a viewer, another workspace).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { POST as reverifyRoute } from "@/app/api/deliveries/[id]/reverify/route";
import { POST as manualRunRoute } from "@/app/api/flows/[id]/manual-runs/route";
import { updateCredential } from "@/lib/credentials/update-credential";
import { getDb } from "@/lib/db";
import { setPaused } from "@/lib/flows/set-paused";
import { getRun } from "@/lib/runs/get-run";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { REDACTED } from "@/lib/webhooks/redact";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { newTestWorkspace, signedIn, type TestUser } from "../support/auth";
import { eventually, startEngine } from "../support/engine-harness";
import {
  deliveryRow,
  expectStored,
  finishedRun,
  newSecret,
  send,
  stripeHeaders,
  webhookFlow,
} from "../support/ingest-helpers";
import { startTarget } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
const received: unknown[] = [];
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  engine = await startEngine();
  target = await startTarget((r) => {
    received.push(r.body);
    return { status: 200, body: { ok: true } };
  });
  const ws = await currentWorkspaceId();
  editor = await signedIn({ workspaceId: ws, role: "editor" });
  viewer = await signedIn({ workspaceId: ws, role: "viewer" });
  stranger = await signedIn({ workspaceId: await newTestWorkspace("manual other"), role: "editor" });
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
});

type Handler = (req: Request, ctx: never) => Promise<Response>;
async function call(handler: Handler, who: TestUser, path: string, id: string, body?: unknown) {
  const res = await handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: who.headers(body === undefined ? {} : { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    }),
    { params: Promise.resolve({ id }) } as never,
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const runNow = (who: TestUser, flowId: string, body: unknown) =>
  call(manualRunRoute, who, `/api/flows/${flowId}/manual-runs`, flowId, body);
const reverify = (who: TestUser, deliveryId: string) =>
  call(reverifyRoute, who, `/api/deliveries/${deliveryId}/reverify`, deliveryId);
const auditOf = async (action: string, targetId: string) =>
  (await getDb()).auditEvent.findMany({ where: { action, targetId } });
const sentBy = (marker: string) => (received.some((b) => JSON.stringify(b).includes(marker)) ? true : undefined);

describe(`Run now (${inject("database")})`, () => {
  it("runs the published version end to end with the payload as the trigger's body, marked manual", async () => {
    const flow = await webhookFlow({}, { target: `${target.url}/manual` });
    const marker = `manual-${randomUUID()}`;
    const started = await runNow(editor, flow.flowId, { payload: { order: marker, total: 12 } });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    expect(started.json).toMatchObject({ version: 1 });
    const { run, trigger } = await finishedRun(started.json.deliveryId as string);
    expect(run.id).toBe(started.json.runId);
    expect(run.status).toBe("succeeded");
    expect(trigger?.body).toEqual({ order: marker, total: 12 });
    await eventually(async () => sentBy(marker), 20_000, "the action to send the payload");

    const delivery = await deliveryRow(started.json.deliveryId as string);
    expect(delivery).toMatchObject({ kind: "manual", verdict: "accepted", startedBy: editor.email });
    // The run page says who started it.
    expect((await getRun(flow.ws, run.id)).delivery?.startedBy).toBe(editor.email);
    expect(await auditOf("flow.run_manually", flow.flowId)).toHaveLength(1);

    // A past delivery's body as the payload.
    const again = await runNow(editor, flow.flowId, { deliveryId: started.json.deliveryId });
    expect(again.status).toBe(201);
    expect((await finishedRun(again.json.deliveryId as string)).trigger?.body).toEqual({ order: marker, total: 12 });
  });

  it("runs the draft only when asked, and refuses bad input, viewers and other workspaces", async () => {
    const flow = await webhookFlow({}, { publish: false });
    const refused = await runNow(editor, flow.flowId, { payload: { a: 1 } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toMatch(/not published yet/);
    const draft = await runNow(editor, flow.flowId, { payload: { a: 1 }, version: "draft" });
    expect(draft.status).toBe(201);
    expect(draft.json.version).toBe("draft");
    const { run } = await finishedRun(draft.json.deliveryId as string);
    expect(run).toMatchObject({ status: "succeeded", flowVersionId: null });

    expect((await runNow(viewer, flow.flowId, { payload: {}, version: "draft" })).status).toBe(403);
    expect((await runNow(stranger, flow.flowId, { payload: {}, version: "draft" })).status).toBe(404);
    expect((await runNow(editor, flow.flowId, { version: "draft" })).status).toBe(400);
    const big = await runNow(editor, flow.flowId, { payload: { text: "x".repeat(1024 * 1024) }, version: "draft" });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.json)).toMatch(/larger than 1024 KB/);
    expect(await (await getDb()).delivery.count({ where: { flowId: flow.flowId, kind: "manual" } })).toBe(1);
  });
});

describe(`re-verifying a delivery (${inject("database")})`, () => {
  it("runs a delivery rejected for its signature once the secret is fixed, and keeps its history", async () => {
    const ours = `whsec_${randomUUID().replaceAll("-", "")}`;
    const senders = `whsec_${randomUUID().replaceAll("-", "")}`;
    const secretId = await newSecret(ours);
    const flow = await webhookFlow({ verification: { preset: "stripe" }, secretId }, { target: `${target.url}/re` });
    const marker = `reverify-${randomUUID()}`;
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, type: "charge.succeeded", marker });
    // The sender rotated its secret; we did not.
    const rejected = await send(engine, flow.live, payload, stripeHeaders(payload, senders));
    const row = await expectStored(rejected, 401, "bad_signature");
    expect(JSON.parse(row.headers)["stripe-signature"]).toBe(REDACTED);
    expect(row.sealedVerification).toMatch(/^v1\./);

    // Still the old secret: judged again, still rejected, nothing runs.
    const still = await reverify(editor, rejected.id!);
    expect(still.status).toBe(200);
    expect(still.json).toMatchObject({ verdict: "bad_signature", runId: null });

    await updateCredential(flow.ws, secretId, { value: senders });
    expect((await reverify(viewer, rejected.id!)).status).toBe(403);
    expect((await reverify(stranger, rejected.id!)).status).toBe(404);
    const passed = await reverify(editor, rejected.id!);
    expect(passed.status, JSON.stringify(passed.json)).toBe(200);
    expect(passed.json).toMatchObject({ verdict: "accepted", priorVerdict: "bad_signature" });
    const { run } = await finishedRun(rejected.id!);
    expect(run.id).toBe(passed.json.runId);
    expect(run.status).toBe("succeeded");
    await eventually(async () => sentBy(marker), 20_000, "the re-verified run's action");

    const after = await deliveryRow(rejected.id!);
    expect(after).toMatchObject({
      verdict: "accepted",
      priorVerdict: "bad_signature",
      reverifiedBy: editor.email,
      sealedVerification: null,
    });
    expect(after.priorReason).toMatch(/signature/i);
    expect(await auditOf("delivery.reverified", rejected.id!)).toHaveLength(2);
    // Accepted now: not again.
    expect((await reverify(editor, rejected.id!)).status).toBe(409);
  });

  it("two re-verifications at once start one run, and the sender's retry afterwards is a duplicate", async () => {
    const ours = `whsec_${randomUUID().replaceAll("-", "")}`;
    const senders = `whsec_${randomUUID().replaceAll("-", "")}`;
    const secretId = await newSecret(ours);
    const flow = await webhookFlow({ verification: { preset: "stripe" }, secretId }, { target: `${target.url}/twice` });
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, type: "charge.succeeded" });
    const rejected = await send(engine, flow.live, payload, stripeHeaders(payload, senders));
    await expectStored(rejected, 401, "bad_signature");
    await updateCredential(flow.ws, secretId, { value: senders });

    const both = await Promise.all([reverify(editor, rejected.id!), reverify(editor, rejected.id!)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await (await getDb()).run.count({ where: { deliveryId: rejected.id! } })).toBe(1);
    await finishedRun(rejected.id!);

    // Stripe retries the same event (re-signed): already run, so a duplicate, no second run.
    const retry = await send(engine, flow.live, payload, stripeHeaders(payload, senders));
    await expectStored(retry, 200, "duplicate");
    expect(await (await getDb()).run.count({ where: { flowId: flow.flowId } })).toBe(1);
  });

  it("runs a filtered delivery once the filter lets it through", async () => {
    const flow = await webhookFlow({ eventTypes: ["order.paid"] });
    const filtered = await send(engine, flow.live, JSON.stringify({ type: "order.created", n: 1 }));
    await expectStored(filtered, 200, "filtered");
    await flow.configure({ eventTypes: ["order.paid", "order.created"] });
    const passed = await reverify(editor, filtered.id!);
    expect(passed.json).toMatchObject({ verdict: "accepted", priorVerdict: "filtered" });
    expect((await finishedRun(filtered.id!)).run.status).toBe("succeeded");
  });

  it("runs one held delivery of a paused flow now, the flow staying paused", async () => {
    const flow = await webhookFlow();
    await setPaused(flow.ws, flow.flowId, { paused: true });
    forgetEndpoints();
    const held = await send(engine, flow.live, JSON.stringify({ n: 1 }));
    expect(held.status).toBe(202);
    const db = await getDb();
    expect((await db.run.findFirstOrThrow({ where: { deliveryId: held.id! } })).status).toBe("held");
    const released = await reverify(editor, held.id!);
    expect(released.json).toMatchObject({ verdict: "accepted", priorVerdict: "held" });
    expect((await finishedRun(held.id!)).run.status).toBe("succeeded");
    expect((await db.flow.findUniqueOrThrow({ where: { id: flow.flowId } })).paused).toBe(true);
  });

  it("refuses a body stored cut to 4 KB with a clear message", async () => {
    const secretId = await newSecret(`whsec_${randomUUID().replaceAll("-", "")}`);
    const flow = await webhookFlow({ verification: { preset: "stripe" }, secretId });
    const payload = JSON.stringify({ type: "big", pad: "x".repeat(6000) });
    const rejected = await send(engine, flow.live, payload, stripeHeaders(payload, "whsec_wrong"));
    await expectStored(rejected, 401, "bad_signature");
    const refused = await reverify(editor, rejected.id!);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toMatch(/cut to 4 KB.*ask the sender to resend/);
    expect((await deliveryRow(rejected.id!)).verdict).toBe("bad_signature");
  });
});
