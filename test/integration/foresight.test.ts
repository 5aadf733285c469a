// Foresight end to end: real deliveries through the HTTP ingest path, the background pass
// (lib/foresight/job.ts) run by the test, and the alerts received by a local HTTP target.
// Drift: a referenced field that disappears or changes type warns (overview, alert), an
// unreferenced one never does; the picker's presence figure. Sender health: a run of rejections
// gives the countdown and ONE alert even with racing runners, then a recovery message; the digest.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition, FlowSettings } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { evaluateFlow } from "@/lib/foresight/evaluate";
import { foresightPass } from "@/lib/foresight/job";
import { pickerPresence, presenceForSample } from "@/lib/foresight/picker-presence";
import { flowOverview } from "@/lib/runs/overview";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { newSecret, postConcurrently, send, shopifyHeaders } from "../support/ingest-helpers";
import { startSmtpTarget } from "../support/smtp-target";
import { startTarget, type Received } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  engine = await startEngine();
  target = await startTarget();
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
});

const alertsTo = (p: string): Received[] => target.received.filter((r) => r.path === p);

/** A published flow: webhook trigger (config `trigger`) → a log node whose message reads `message`. */
async function flowWith(opts: { message: string; trigger?: Record<string, unknown>; settings?: FlowSettings }) {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `foresight ${randomUUID().slice(0, 8)}` });
  const def: FlowDefinition = {
    schemaVersion: 1,
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        position: { x: 0, y: 0 },
        data: { label: "Webhook", config: opts.trigger ?? {} },
      },
      {
        id: "log_1",
        type: "log",
        position: { x: 300, y: 0 },
        data: { label: "Log", config: { message: opts.message, level: "info" } },
      },
    ],
    edges: [{ id: "e1", source: "trigger", target: "log_1" }],
    ...(opts.settings ? { settings: opts.settings } : {}),
  } as FlowDefinition;
  await saveDraft(ws, flow.id, { definition: def, revision: 0 });
  await publishFlow(ws, flow.id);
  forgetEndpoints();
  const token = flow.endpoints.find((e) => e.kind === "live")!.token;
  return { ws, flowId: flow.id, live: `/api/hooks/${token}` };
}

const alertAction = (path: string) => ({
  type: "http",
  config: {
    method: "POST",
    url: `${target.url}${path}`,
    body: JSON.stringify({ text: "{{ run.error }}", flow: "{{ flow.name }}" }),
  },
});

/** Runs passes until `check` holds (other files' deliveries may be ahead of ours in the shared database). */
async function passUntil<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  return eventually(
    async () => {
      await foresightPass({ settleMs: 0 });
      return check();
    },
    45_000,
    what,
  );
}

describe("payload drift", () => {
  it("warns when a referenced field disappears or changes type, never for an unreferenced one", async () => {
    const alertPath = `/alert/${randomUUID()}`;
    const f = await flowWith({
      message: "{{ trigger.body.customer.email }} paid {{ trigger.body.amount }} for {{ trigger.body.items[0].sku }}",
      settings: { failureAlert: alertAction(alertPath) },
    });
    const body = (over: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: "order.created",
        customer: { email: "a@example.com", name: "Ann" },
        amount: 5,
        items: [{ sku: "A-1" }],
        note: "gift",
        ...over,
      });
    for (let i = 0; i < 12; i++) expect((await send(engine, f.live, body())).status).toBe(202);
    // The new payload: no customer.email, amount as a string, and the unreferenced note gone too.
    for (let i = 0; i < 3; i++) {
      const a = await send(engine, f.live, body({ customer: { name: "Ann" }, amount: "5", note: undefined }));
      expect(a.status).toBe(202);
    }

    const overview = await passUntil(async () => {
      const o = await flowOverview(f.ws, f.flowId);
      return o.foresight.drift.length >= 2 ? o : undefined;
    }, "the drift warnings");
    const drift = overview.foresight.drift.map((d) => `${d.eventType} ${d.path} ${d.change}`).sort();
    expect(drift).toEqual(["order.created amount retyped", "order.created customer.email missing"]);
    const missing = overview.foresight.drift.find((d) => d.change === "missing")!;
    expect(missing.message).toMatch(/trigger\.body\.customer\.email is missing from order\.created deliveries since/);
    const firstChanged = (await getDb()).delivery.findMany({
      where: { flowId: f.flowId },
      orderBy: { id: "asc" },
      skip: 12,
      take: 1,
    });
    expect(missing.since).toBe((await firstChanged)[0]!.receivedAt.toISOString());

    // The picker: how often each field was present in the sample.
    const table = presenceForSample(overview.foresight.presence, { body: JSON.parse(body()) as unknown })!;
    expect(table.eventType).toBe("order.created");
    expect(pickerPresence(table, ["trigger", "body", "customer", "email"])).toBe("missing in 3 of the last 15");
    expect(pickerPresence(table, ["trigger", "body", "customer", "name"])).toBe("present in all of the last 15");

    // The alert channel was told about both referenced fields, and never about `note`.
    const alerts = await eventually(
      async () => (alertsTo(alertPath).length >= 2 ? alertsTo(alertPath) : undefined),
      20_000,
      "the drift alerts",
    );
    const texts = alerts.map((a) => (a.json as { text: string }).text).join("\n");
    expect(texts).toMatch(/customer\.email is missing/);
    expect(texts).toMatch(/amount is a string/);
    expect(texts).not.toMatch(/note/);
    expect(alerts).toHaveLength(2);
  }, 120_000);

  it("does not warn when only unreferenced fields change", async () => {
    const f = await flowWith({ message: "order {{ trigger.body.id }}" });
    for (let i = 0; i < 12; i++) await send(engine, f.live, JSON.stringify({ type: "t", id: i, note: "x", n: 1 }));
    for (let i = 0; i < 3; i++) await send(engine, f.live, JSON.stringify({ type: "t", id: i, n: "one" }));
    const o = await passUntil(async () => {
      const o = await flowOverview(f.ws, f.flowId);
      return o.foresight.presence[0]?.of === 15 ? o : undefined;
    }, "the sample of 15 deliveries");
    expect(o.foresight.presence[0]!.fields.note).toEqual({ present: 12, of: 15, types: { string: 12 } });
    expect(o.foresight.drift).toEqual([]);
  }, 120_000);
});

describe("the shape sample", () => {
  it("stays bounded: the newest 100 per event type, the 20 most recent event types per flow", async () => {
    const f = await flowWith({ message: "{{ trigger.body.id }}" });
    const many = Array.from({ length: 103 }, (_, i) => ({ body: JSON.stringify({ type: "same", id: i }) }));
    expect((await postConcurrently(engine, f.live, many)).every((a) => a.status === 202)).toBe(true);
    const kinds = Array.from({ length: 21 }, (_, i) => ({ body: JSON.stringify({ type: `kind-${i}`, id: i }) }));
    for (const k of kinds) expect((await send(engine, f.live, k.body)).status).toBe(202);
    const db = await getDb();
    const types = await passUntil(async () => {
      const rows = await db.payloadShapeSample.groupBy({
        by: ["eventType"],
        where: { flowId: f.flowId },
        _count: true,
      });
      return rows.some((r) => r.eventType === "kind-20") ? rows : undefined;
    }, "the samples of the last delivery");
    // 22 event types were seen: the oldest two ("same" and kind-0) are gone.
    expect(types.map((t) => t.eventType).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `kind-${i + 1}`).sort());
    expect(types.every((t) => t._count === 1)).toBe(true);
  }, 120_000);

  it("keeps the newest 100 deliveries of an event type", async () => {
    const f = await flowWith({ message: "{{ trigger.body.id }}" });
    const many = Array.from({ length: 103 }, (_, i) => ({ body: JSON.stringify({ type: "same", id: i }) }));
    expect((await postConcurrently(engine, f.live, many)).every((a) => a.status === 202)).toBe(true);
    const db = await getDb();
    const deliveries = await db.delivery.findMany({ where: { flowId: f.flowId }, orderBy: { id: "asc" } });
    const kept = await passUntil(async () => {
      const rows = await db.payloadShapeSample.findMany({
        where: { flowId: f.flowId },
        orderBy: { deliveryId: "asc" },
      });
      return rows.some((r) => r.deliveryId === deliveries.at(-1)!.id) ? rows : undefined;
    }, "the sample of the newest delivery");
    expect(kept.map((r) => r.deliveryId)).toEqual(deliveries.slice(-100).map((d) => d.id));
  }, 120_000);
});

describe("sender health", () => {
  const wrongSecret = "not-the-secret";

  async function shopifyFlow(settings: FlowSettings) {
    const secret = `shpss_${randomUUID()}`;
    const f = await flowWith({
      message: "order {{ trigger.body.id }}",
      trigger: { verification: { preset: "shopify" }, secretId: await newSecret(secret) },
      settings,
    });
    return { ...f, secret };
  }
  const order = (id: number) => JSON.stringify({ id, email: "b@example.com" });

  it("counts down to Shopify's removal, alerts once across racing runners, then sends a recovery", async () => {
    const alertPath = `/alert/${randomUUID()}`;
    const f = await shopifyFlow({ failureAlert: alertAction(alertPath) });
    for (let i = 0; i < 14; i++) {
      const body = order(i);
      expect((await send(engine, f.live, body, shopifyHeaders(body, wrongSecret))).status).toBe(401);
    }
    const overview = await passUntil(async () => {
      const o = await flowOverview(f.ws, f.flowId);
      return o.foresight.health?.rejected === 14 ? o : undefined;
    }, "the sender-health forecast");
    const line = overview.senders[0]!.line;
    expect(line).toMatch(
      /^Shopify will remove this webhook in about 4 h: 14 deliveries rejected since \d\d:\d\d UTC \(bad signature\)/,
    );
    expect(overview.senders[0]!.state).toBe("failing");

    // Two runners evaluate the flow at once (as two app instances would): one alert.
    const now = new Date();
    await Promise.all([evaluateFlow(f.flowId, now), evaluateFlow(f.flowId, now), foresightPass({ settleMs: 0 })]);
    await foresightPass({ settleMs: 0 });
    const first = await eventually(async () => alertsTo(alertPath)[0], 20_000, "the sender-health alert");
    expect((first.json as { text: string }).text).toMatch(
      /^Sender health of “.+”: Shopify will remove this webhook in about 4 h: 14 deliveries rejected/,
    );
    expect(alertsTo(alertPath)).toHaveLength(1);

    // Fixed: an accepted delivery ends the condition, and the recovery message goes out once.
    const ok = order(99);
    expect((await send(engine, f.live, ok, shopifyHeaders(ok, f.secret))).status).toBe(202);
    await passUntil(async () => (alertsTo(alertPath).length >= 2 ? true : undefined), "the recovery message");
    await Promise.all([foresightPass({ settleMs: 0 }), evaluateFlow(f.flowId, new Date())]);
    expect(alertsTo(alertPath)).toHaveLength(2);
    expect((alertsTo(alertPath)[1]!.json as { text: string }).text).toMatch(
      /^Recovered: “.+”: deliveries are accepted/,
    );
    expect((await flowOverview(f.ws, f.flowId)).foresight.health).toBeNull();
  }, 120_000);

  it("alerts by e-mail when the flow's alert is an e-mail (its SMTP credential in the flow's workspace)", async () => {
    const smtp = await startSmtpTarget({ username: "ops", password: "smtp-pass-123" });
    try {
      const ws = await currentWorkspaceId();
      const credentialId = (
        await createCredential(ws, {
          name: `smtp ${randomUUID().slice(0, 8)}`,
          type: "smtp",
          value: {
            host: "127.0.0.1",
            port: smtp.port,
            secure: false,
            username: "ops",
            password: "smtp-pass-123",
            from: "Hookline <alerts@hookline.example>",
            allowUnencrypted: true,
          },
        })
      ).id;
      const f = await shopifyFlow({
        failureAlert: {
          type: "email",
          config: {
            credentialId,
            to: "oncall@shop.example",
            subject: "Hookline: {{ flow.name }}",
            text: "{{ run.error }}",
          },
        },
      });
      for (let i = 0; i < 3; i++) {
        const body = order(i);
        await send(engine, f.live, body, shopifyHeaders(body, wrongSecret));
      }
      const mail = await passUntil(async () => smtp.received[0], "the alert e-mail");
      expect(mail.envelope.to).toEqual(["oncall@shop.example"]);
      expect(mail.parsed.text).toMatch(/Shopify will remove this webhook in about 4 h: 3 deliveries rejected since/);
    } finally {
      await smtp.close();
    }
  }, 120_000);

  it("with the daily digest option sends one digest instead of alerts", async () => {
    const alertPath = `/alert/${randomUUID()}`;
    const f = await shopifyFlow({ failureAlert: alertAction(alertPath), alertDigest: true });
    for (let i = 0; i < 4; i++) {
      const body = order(i);
      await send(engine, f.live, body, shopifyHeaders(body, wrongSecret));
    }
    await passUntil(async () => (alertsTo(alertPath).length ? true : undefined), "the digest");
    await Promise.all([evaluateFlow(f.flowId, new Date()), foresightPass({ settleMs: 0 })]);
    const [digest, ...more] = alertsTo(alertPath);
    expect(more).toHaveLength(0);
    expect((digest!.json as { text: string }).text).toMatch(
      /^Daily foresight digest of “.+”: 1 open, 0 resolved in 24 h: Shopify will remove this webhook/,
    );
    // A day later the next one goes out.
    await evaluateFlow(f.flowId, new Date(Date.now() + 86_400_000 + 60_000));
    expect(alertsTo(alertPath)).toHaveLength(2);
  }, 120_000);
});
