// Everything else a webhook URL answers: wrong method, too many headers, unknown and mismatched
// URLs, the test URL's samples, event-type and required-field filters, a flow's custom response,
// and a flow not published yet. Each stored request gets its verdict; none starts a run unless
// accepted, and none of them takes the server down.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db";
import { startEngine } from "../support/engine-harness";
import { deliveriesOfFlow, deliveryRow, expectStored, runsOfFlow, send, webhookFlow } from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const event = (type = "payment_intent.succeeded") => JSON.stringify({ ...stripeLikeEvent(1500), type });

describe(`webhook URL answers (${inject("database")})`, () => {
  it("GET (or PUT) → 405 bad_method, stored", async () => {
    const { live } = await webhookFlow();
    const get = await send(engine, live, undefined, {}, "GET");
    expect(get.json.error).toMatchObject({ code: "bad_method", message: "Method GET is not allowed; send POST" });
    await expectStored(get, 405, "bad_method");
    await expectStored(await send(engine, live, event(), undefined, "PUT"), 405, "bad_method", /Method PUT/);
  });

  it("101 headers → 431 too_many_headers", async () => {
    const { live } = await webhookFlow();
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (let i = 0; i < 101; i++) headers[`x-filler-${i}`] = String(i);
    await expectStored(await send(engine, live, event(), headers), 431, "too_many_headers", /More than 100 headers/);
  });

  it("unknown token → 404 (nothing stored); each token works on its own path only", async () => {
    const { flowId, live, test, liveToken, testToken } = await webhookFlow();
    const unknown = await send(engine, `/api/hooks/${"A".repeat(32)}`, event());
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: "not_found", message: "Unknown webhook URL" } });
    for (const path of [
      "/api/hooks/short",
      `/api/hooks/${liveToken}/extra`,
      `/api/hooks/test/${liveToken}`,
      `/api/hooks/${testToken}`,
    ]) {
      expect((await send(engine, path, event())).status, path).toBe(404);
    }
    expect(await deliveriesOfFlow(flowId)).toHaveLength(0);
    await expectStored(await send(engine, live, event()), 202, "accepted");
    expect((await send(engine, test, event())).status).toBe(200);
  });

  it("the test URL stores a sample (200 {sample:true}) and never runs the flow", async () => {
    const { flowId, test } = await webhookFlow({ dedupe: { by: "json", path: "id" } });
    const body = event();
    const a = await send(engine, test, body);
    expect(a.json).toEqual({ received: true, sample: true, id: a.id });
    const row = await expectStored(a, 200, "sample");
    expect(row.kind).toBe("test");
    // Samples take no dedupe key: the same event can be sent again, and later live.
    await expectStored(await send(engine, test, body), 200, "sample");
    expect(await (await getDb()).dedupeKey.count({ where: { flowId } })).toBe(0);
    expect(await runsOfFlow(flowId)).toHaveLength(0);
  });

  it("eventTypes: other types → 200 {filtered:true} with the reason, no run", async () => {
    const { flowId, live } = await webhookFlow({ eventTypes: ["charge.refunded", "charge.dispute.created"] });
    const a = await send(engine, live, event("payment_intent.succeeded"));
    expect(a.json).toEqual({
      received: true,
      filtered: true,
      id: a.id,
      reason: "Event type payment_intent.succeeded is not one of charge.refunded, charge.dispute.created",
    });
    const row = await expectStored(a, 200, "filtered", /^Event type payment_intent\.succeeded is not one of/);
    expect(row.eventType).toBe("payment_intent.succeeded");
    await expectStored(
      await send(engine, live, JSON.stringify({ no: "type" })),
      200,
      "filtered",
      /Event type \(none\)/,
    );
    await expectStored(await send(engine, live, event("charge.refunded")), 202, "accepted");
    expect(await runsOfFlow(flowId)).toHaveLength(1);
  });

  it("requiredFields: a missing field → filtered, naming it", async () => {
    const { live } = await webhookFlow({ requiredFields: ["data.object.customer", "data.object.metadata.order_id"] });
    await expectStored(
      await send(engine, live, event()),
      200,
      "filtered",
      /^Missing required field: data\.object\.metadata\.order_id$/,
    );
    await expectStored(
      await send(engine, live, JSON.stringify({ data: {} })),
      200,
      "filtered",
      /Missing required fields: data\.object\.customer, data\.object\.metadata\.order_id/,
    );
    const complete = stripeLikeEvent(5);
    const withMeta = { ...complete, data: { object: { ...complete.data.object, metadata: { order_id: "A-1" } } } };
    await expectStored(await send(engine, live, JSON.stringify(withMeta)), 202, "accepted");
  });

  it("a custom response: its status, content type and templated body with the delivery id", async () => {
    const { live } = await webhookFlow({
      response: {
        status: 200,
        contentType: "application/json; charset=utf-8",
        body: '{"ok":true,"delivery":"{{ delivery.id }}"}',
      },
    });
    const a = await send(engine, live, event());
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = JSON.parse(a.text) as { ok: boolean; delivery: string };
    expect(body).toEqual({ ok: true, delivery: expect.stringMatching(/^dlv_/) });
    expect((await deliveryRow(body.delivery)).verdict).toBe("accepted");
    // Rejections keep the standard error answer.
    expect((await send(engine, live, "{", { "content-type": "application/json" })).json.error).toMatchObject({
      code: "malformed",
    });
  });

  it("before the first publish → 409 not_published, stored, no run", async () => {
    const { flowId, live, test } = await webhookFlow({}, { publish: false });
    const a = await send(engine, live, event());
    expect(a.json.error).toMatchObject({ code: "not_published" });
    await expectStored(a, 409, "not_published", /not published yet/);
    // The test URL follows the draft, so it works before publishing.
    await expectStored(await send(engine, test, event()), 200, "sample");
    expect(await runsOfFlow(flowId)).toHaveLength(0);
  });

  it("the test URL follows the draft, the live URL the published version", async () => {
    const { live, test, configure } = await webhookFlow();
    await configure({ maxBodyKb: 1 }, false); // saved, not published
    const big = JSON.stringify({ ...stripeLikeEvent(1), pad: "x".repeat(2048) });
    await expectStored(await send(engine, test, big), 413, "too_large");
    await expectStored(await send(engine, live, big), 202, "accepted");
    await configure({ maxBodyKb: 1 }); // published
    await expectStored(await send(engine, live, big), 413, "too_large");
  });

  it("after all of the above the server still accepts a valid delivery", async () => {
    const { live } = await webhookFlow();
    await expectStored(await send(engine, live, event()), 202, "accepted");
  });
});
