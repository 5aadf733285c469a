// The action nodes inside a real run, on SQLite and PostgreSQL: a published flow (HTTP lookup with
// a bearer credential → Slack message → e-mail) driven by the embedded executor through the
// Inngest SDK, against a local HTTP server and a real SMTP server. Credentials are found through
// the run's workspace; no secret appears in the recorded steps. A bad SMTP login fails the run
// without retrying.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { listRuns } from "@/lib/runs/list-runs";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { startSmtpTarget } from "../support/smtp-target";
import { startTarget } from "../support/target-server";

const TOKEN = "tok_live_9f8e7d6c5b4a";
const HOOK_SECRET = "T01/B02/xoxHookSecret42";
const SMTP_PASSWORD = "smtp-pass-123";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;
let smtp: Awaited<ReturnType<typeof startSmtpTarget>>;
let ws: string;
const creds: Record<string, string> = {};

beforeAll(async () => {
  engine = await startEngine();
  smtp = await startSmtpTarget({ username: "shop", password: SMTP_PASSWORD });
  target = await startTarget((r) =>
    r.path.startsWith("/slack/")
      ? { text: "ok", headers: { "content-type": "text/plain" } }
      : r.headers.authorization === `Bearer ${TOKEN}`
        ? { body: { name: "Ada Lovelace", email: "ada@example.com", tier: "gold" } }
        : { status: 401, body: { error: "unauthorized" } },
  );
  ws = await currentWorkspaceId();
  const smtpValue = (password: string) => ({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    username: "shop",
    password,
    from: "Shop <orders@shop.example>",
    allowUnencrypted: true,
  });
  creds.bearer = (await createCredential(ws, { name: "CRM", type: "bearer-token", value: TOKEN })).id;
  creds.slack = (
    await createCredential(ws, {
      name: "Slack #orders",
      type: "slack-webhook-url",
      value: `${target.url}/slack/${HOOK_SECRET}`,
    })
  ).id;
  creds.smtp = (await createCredential(ws, { name: "Mail", type: "smtp", value: smtpValue(SMTP_PASSWORD) })).id;
  creds.badSmtp = (
    await createCredential(ws, { name: "Mail (wrong password)", type: "smtp", value: smtpValue("wrong") })
  ).id;
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
  await smtp?.close();
});

async function publish(smtpCredential: string) {
  const flow = await createFlow(ws, { name: `Order → CRM, Slack, e-mail (${inject("database")})` });
  const node = (id: string, type: string, x: number, config: Record<string, unknown>) => ({
    id,
    type,
    position: { x, y: 0 },
    data: { label: id, config },
  });
  const definition = {
    schemaVersion: 1 as const,
    nodes: [
      node("trigger", "webhook", 0, {}),
      node("crm", "http", 300, {
        method: "GET",
        url: `${target.url}/customers/{{ trigger.body.customer }}`,
        auth: "bearer",
        credentialId: creds.bearer,
      }),
      node("slack", "slack", 600, {
        credentialId: creds.slack,
        text: "Order {{ trigger.body.id }} from {{ nodes.crm.body.name }} ({{ nodes.crm.body.tier }})",
      }),
      node("mail", "email", 900, {
        credentialId: smtpCredential,
        to: "{{ nodes.crm.body.email }}",
        subject: "Order {{ trigger.body.id }}",
        text: "Thanks, {{ nodes.crm.body.name }}!",
      }),
    ],
    edges: [
      { id: "e1", source: "trigger", target: "crm" },
      { id: "e2", source: "crm", target: "slack" },
      { id: "e3", source: "slack", target: "mail" },
    ],
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  return { flow, token: flow.endpoints.find((e) => e.kind === "live")!.token };
}

async function finishedRun(flowId: string) {
  return eventually(
    async () => {
      const r = (await listRuns(ws, flowId, { limit: 5 })).items[0];
      return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
    },
    30_000,
    "the run to finish",
  );
}

describe(`action nodes in a run (${inject("database")})`, () => {
  it("looks up the customer with the bearer credential, posts to Slack and e-mails them; no secret is recorded", async () => {
    const { flow, token } = await publish(creds.smtp!);
    const mailsBefore = smtp.received.length;
    expect((await engine.post(`/api/hooks/${token}`, JSON.stringify({ id: "ord_1", customer: "cus_7" }))).status).toBe(
      202,
    );
    const run = await finishedRun(flow.id);
    expect(run.status).toBe("succeeded");

    expect(target.received.find((r) => r.path === "/customers/cus_7")?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(target.received.find((r) => r.path === `/slack/${HOOK_SECRET}`)?.json).toEqual({
      text: "Order ord_1 from Ada Lovelace (gold)",
    });
    expect(smtp.received.length).toBe(mailsBefore + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope.to).toEqual(["ada@example.com"]);
    expect(mail.parsed.subject).toBe("Order ord_1");
    expect(mail.parsed.messageId).toBe(`<${run.id}.mail@shop.example>`);

    const steps = await (await getDb()).stepRun.findMany({ where: { runId: run.id } });
    expect(steps.map((s) => s.nodeId).sort()).toEqual(["crm", "mail", "slack", "trigger"]);
    const recorded = JSON.stringify(steps);
    for (const secret of [TOKEN, HOOK_SECRET, SMTP_PASSWORD]) expect(recorded).not.toContain(secret);
  });

  it("a wrong SMTP password fails the run at the e-mail step, on the first attempt", async () => {
    const { flow, token } = await publish(creds.badSmtp!);
    expect((await engine.post(`/api/hooks/${token}`, JSON.stringify({ id: "ord_2", customer: "cus_7" }))).status).toBe(
      202,
    );
    const run = await finishedRun(flow.id);
    expect(run.status).toBe("failed");
    const mailSteps = await (await getDb()).stepRun.findMany({ where: { runId: run.id, nodeId: "mail" } });
    expect(mailSteps).toHaveLength(1);
    expect(mailSteps[0]!.status).toBe("failed");
    expect(mailSteps[0]!.error).toContain("EAUTH");
    expect(mailSteps[0]!.error).not.toContain("wrong");
  });
});
