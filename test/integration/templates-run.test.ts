// The editor's flow templates (lib/flows/templates.ts) run end to end, on SQLite and PostgreSQL:
// each template is materialized into a new flow, filled in the way a user would (credentials
// from the credential store, the "stock" data table, the deploy URL), published, and sent a real
// delivery signed by the sender's own library. The effects are checked where they land: a real
// SMTP server, a local stand-in for Slack's incoming webhook and a deploy endpoint, the table.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { flowTemplates, materialize } from "@/lib/flows/templates";
import { getRun } from "@/lib/runs/get-run";
import { getRow, upsertRow } from "@/lib/tables/rows";
import { createTable } from "@/lib/tables/tables";
import { newTestWorkspace } from "../support/auth";
import { startEngine } from "../support/engine-harness";
import { finishedRun, githubHeaders, send, shopifyHeaders, stripeHeaders } from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";
import { startSmtpTarget } from "../support/smtp-target";
import { startTarget } from "../support/target-server";

const SMTP_LOGIN = { username: "shop", password: `smtp-${randomUUID()}` };
const SLACK_PATH = `/services/T0HOOK/B0LINE/${randomUUID().replaceAll("-", "")}`;

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
let smtp: Awaited<ReturnType<typeof startSmtpTarget>>;
// A workspace of its own: the Shopify template names its table "stock", which must be new here.
let ws: string;
let slackCredential: string;

beforeAll(async () => {
  engine = await startEngine();
  smtp = await startSmtpTarget(SMTP_LOGIN);
  // Slack's incoming webhooks answer a plain "ok"; the deploy endpoint answers JSON.
  target = await startTarget((r) =>
    r.path.startsWith("/services/")
      ? { text: "ok", headers: { "content-type": "text/plain" } }
      : { status: 201, body: { queued: true } },
  );
  ws = await newTestWorkspace(`templates ${inject("database")}`);
  slackCredential = (
    await createCredential(ws, { name: "Slack #team", type: "slack-webhook-url", value: `${target.url}${SLACK_PATH}` })
  ).id;
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
  await smtp?.close();
});

const template = (id: string) => {
  const t = flowTemplates.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
};

/**
 * A new flow from the template, each node's config completed by `fill` (what the user sets in the
 * editor), published. Returns the flow and its live webhook path.
 */
async function fromTemplate(id: string, fill: Record<string, Record<string, unknown>>) {
  const { definition, missing } = materialize(template(id));
  expect(missing, "every kind the template names exists in this build").toEqual([]);
  const flow = await createFlow(ws, { name: `${template(id).name} (${inject("database")})`, definition });
  const filled: FlowDefinition = {
    ...definition,
    nodes: definition.nodes.map((n) => ({ ...n, data: { ...n.data, config: { ...n.data.config, ...fill[n.id] } } })),
  };
  await saveDraft(ws, flow.id, { definition: filled, revision: 0 });
  await publishFlow(ws, flow.id);
  return { flowId: flow.id, live: `/api/hooks/${flow.endpoints.find((e) => e.kind === "live")!.token}` };
}

async function signingSecret(value: string) {
  return (
    await createCredential(ws, { name: `signing secret ${randomUUID().slice(0, 8)}`, type: "webhook-secret", value })
  ).id;
}

/** The run a delivery started, finished, with its step records. */
async function runOf(answer: { status: number; id: string | undefined; text: string }) {
  expect(answer.status, answer.text).toBe(202);
  const { run } = await finishedRun(answer.id!, 30_000);
  const detail = await getRun(ws, run.id);
  return { run: detail.run, steps: detail.steps };
}

/** [nodeId, status, output] by node id; the trigger's output (the whole request) left out. */
const records = (steps: { nodeId: string; status: string; output: unknown }[]) =>
  steps
    .map((s) => [s.nodeId, s.status, s.nodeId === "trigger" ? null : s.output])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe(`flow templates run end to end (${inject("database")})`, () => {
  it("Stripe payment → e-mail + Slack: a signed payment_intent.succeeded e-mails the customer and tells the team", async () => {
    const secret = `whsec_${randomUUID().replaceAll("-", "")}`;
    const smtpCredential = (
      await createCredential(ws, {
        name: "Shop mail",
        type: "smtp",
        value: {
          host: "127.0.0.1",
          port: smtp.port,
          secure: false,
          ...SMTP_LOGIN,
          from: "Shop <orders@shop.example>",
          allowUnencrypted: true,
        },
      })
    ).id;
    const { flowId, live } = await fromTemplate("stripe-payment", {
      trigger: { secretId: await signingSecret(secret) },
      email_1: { credentialId: smtpCredential },
      slack_1: { credentialId: slackCredential },
    });
    const mailsBefore = smtp.received.length;
    const payload = JSON.stringify(stripeLikeEvent(4999), null, 2);
    const { run, steps } = await runOf(await send(engine, live, payload, stripeHeaders(payload, secret)));

    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.flowId).toBe(flowId);
    expect(steps.map((s) => [s.nodeId, s.status]).sort()).toEqual([
      ["email_1", "succeeded"],
      ["slack_1", "succeeded"],
      ["trigger", "succeeded"],
    ]);
    const out = Object.fromEntries(steps.map((s) => [s.nodeId, s.output]));
    expect(out.email_1).toEqual({
      messageId: `<${run.id}.email_1@shop.example>`,
      accepted: ["jenny@example.com"],
      rejected: [],
      response: expect.stringMatching(/^250 /),
    });
    expect(out.slack_1).toEqual({ status: 200, body: "ok" });

    expect(smtp.received.length).toBe(mailsBefore + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope.to).toEqual(["jenny@example.com"]);
    expect(mail.envelope.from).toBe("orders@shop.example");
    expect(mail.parsed.subject).toBe("Thanks for your payment");
    expect(mail.parsed.text?.trim()).toBe("We received 4999 usd.");
    expect(mail.parsed.messageId).toBe(`<${run.id}.email_1@shop.example>`);

    const slack = target.received.filter(
      (r) => r.path === SLACK_PATH && (r.json as { text?: string }).text?.startsWith("New payment"),
    );
    expect(slack.map((r) => r.json)).toEqual([{ text: "New payment: 4999 usd" }]);
    // No secret lands in the recorded steps.
    const recorded = JSON.stringify(steps);
    for (const s of [secret, SMTP_LOGIN.password, SLACK_PATH]) expect(recorded).not.toContain(s);
  });

  it("Shopify order → stock table + low-stock alert: each line item lowers its stock; only the item that goes low alerts", async () => {
    const secret = `shpss_${randomUUID().replaceAll("-", "")}`;
    const table = await createTable(ws, { name: "stock", valueField: "stock" });
    await upsertRow(ws, table.id, { key: "MUG-01", value: 20, data: { title: "Café mug" } }); // 20 - 2 = 18
    await upsertRow(ws, table.id, { key: "CAP-02", value: 7, data: { title: "Cap" } }); // 7 - 3 = 4: low (at or below 5)
    await upsertRow(ws, table.id, { key: "TEE-03", value: 12, data: { title: "T-shirt" } }); // 12 - 1 = 11
    const { live } = await fromTemplate("shopify-stock", {
      trigger: { secretId: await signingSecret(secret) },
      slack_1: { credentialId: slackCredential },
    });
    const id = 820982911946154;
    const order = {
      id,
      name: "#1001",
      email: "jenny@example.com",
      currency: "EUR",
      total_price: "83.50",
      line_items: [
        { id: id + 1, sku: "MUG-01", title: "Café mug ☕", quantity: 2, price: "21.25" },
        { id: id + 2, sku: "CAP-02", title: "Cap", quantity: 3, price: "9.00" },
        { id: id + 3, sku: "TEE-03", title: "T-shirt", quantity: 1, price: "14.00" },
      ],
    };
    const slackBefore = target.received.filter((r) => r.path === SLACK_PATH).length;
    const payload = JSON.stringify(order);
    const { run, steps } = await runOf(await send(engine, live, payload, shopifyHeaders(payload, secret)));

    expect(run.status, run.error ?? "").toBe("succeeded");
    expect((await getRow(ws, table.id, "MUG-01"))?.value).toBe(18);
    expect((await getRow(ws, table.id, "CAP-02"))?.value).toBe(4);
    expect((await getRow(ws, table.id, "TEE-03"))?.value).toBe(11);

    const alerts = target.received.filter((r) => r.path === SLACK_PATH).slice(slackBefore);
    expect(alerts.map((r) => r.json)).toEqual([{ text: "Low stock: CAP-02 (4 left) after order #1001" }]);

    // One record per node per loop item (nodeId#index); the alert ran for item 1 only.
    const out = Object.fromEntries(steps.map((s) => [s.nodeId, s.output]));
    expect(steps.map((s) => s.status).every((st) => st === "succeeded")).toBe(true);
    expect(Object.keys(out).sort()).toEqual([
      "branch_1#0",
      "branch_1#1",
      "branch_1#2",
      "loop_1",
      "slack_1#1",
      "table_1#0",
      "table_1#1",
      "table_1#2",
      "trigger",
    ]);
    expect(out.loop_1).toEqual({ count: 3 });
    expect(out["table_1#0"]).toEqual({ ok: true, key: "MUG-01", value: 18, previous: 20, amount: 2, low: false });
    expect(out["table_1#1"]).toEqual({ ok: true, key: "CAP-02", value: 4, previous: 7, amount: 3, low: true });
    expect(out["table_1#2"]).toEqual({ ok: true, key: "TEE-03", value: 11, previous: 12, amount: 1, low: false });
    expect([0, 1, 2].map((i) => out[`branch_1#${i}`])).toEqual([
      { result: false, handle: "false" },
      { result: true, handle: "true" },
      { result: false, handle: "false" },
    ]);
    expect(out["slack_1#1"]).toEqual({ status: 200, body: "ok" });
  });

  it("Review → alert on low rating: a 1-star review alerts the team, a 5-star one does not", async () => {
    const { flowId, live } = await fromTemplate("review-alert", { slack_1: { credentialId: slackCredential } });
    const alertsOf = () =>
      target.received.filter(
        (r) => r.path === SLACK_PATH && (r.json as { text?: string }).text?.startsWith("Low rating"),
      );
    const before = alertsOf().length;

    const low = await runOf(
      await send(engine, live, JSON.stringify({ id: "rev_1", rating: 1, text: "Arrived broken", author: "Jenny" })),
    );
    expect(low.run.status, low.run.error ?? "").toBe("succeeded");
    expect(low.run.flowId).toBe(flowId);
    expect(
      alertsOf()
        .slice(before)
        .map((r) => r.json),
    ).toEqual([{ text: "Low rating (1): Arrived broken" }]);
    expect(records(low.steps)).toEqual([
      ["filter_1", "succeeded", { passed: true }],
      ["slack_1", "succeeded", { status: 200, body: "ok" }],
      ["trigger", "succeeded", null],
    ]);

    const high = await runOf(
      await send(engine, live, JSON.stringify({ id: "rev_2", rating: 5, text: "Lovely mug", author: "Ada" })),
    );
    expect(high.run.status, high.run.error ?? "").toBe("succeeded");
    expect(records(high.steps)).toEqual([
      ["filter_1", "succeeded", { passed: false, filtered: true }],
      ["trigger", "succeeded", null],
    ]);
    expect(alertsOf().length).toBe(before + 1);
  });

  it("GitHub push → HTTP: a signed push calls the deploy endpoint with the branch, commit and pusher", async () => {
    const secret = `gh-${randomUUID()}`;
    const { live } = await fromTemplate("github-push", {
      trigger: { secretId: await signingSecret(secret) },
      http_1: { url: `${target.url}/hooks/build` },
    });
    const after = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    const push = {
      ref: "refs/heads/main",
      before: "0000000000000000000000000000000000000000",
      after,
      repository: { full_name: "acme/shop", private: false },
      pusher: { name: "octocat", email: "octocat@github.com" },
      sender: { login: "octocat" },
      head_commit: { id: after, message: "Fix checkout on Safari" },
    };
    const payload = JSON.stringify(push);
    const { run, steps } = await runOf(
      await send(engine, live, payload, await githubHeaders(payload, secret, randomUUID(), "push")),
    );

    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(steps.map((s) => [s.nodeId, s.status]).sort()).toEqual([
      ["http_1", "succeeded"],
      ["trigger", "succeeded"],
    ]);
    const calls = target.received.filter((r) => r.path === "/hooks/build");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe("POST");
    expect(calls[0]!.headers["content-type"]).toMatch(/^application\/json/);
    expect(calls[0]!.json).toEqual({ ref: "refs/heads/main", commit: after, pusher: "octocat" });
    expect(steps.find((s) => s.nodeId === "http_1")?.output).toMatchObject({ status: 201, body: { queued: true } });
  });

  it("covers every template", () => {
    // shopify-order-sheet (apps: Google Sheets + Slack) runs in apps-template-run.test.ts, against the vendors' fakes.
    expect(flowTemplates.map((t) => t.id).sort()).toEqual([
      "github-push",
      "review-alert",
      "shopify-order-sheet",
      "shopify-stock",
      "stripe-payment",
    ]);
  });
});
