// Export never carries a secret (lib/flows/portable.ts): not a credential id, not a literal
// header value, not a secret in a URL, and not in the failure alert. Found by searching the
// exported JSON text for every secret string the flow holds.
import { describe, expect, it } from "vitest";
import type { FlowDefinition } from "@/lib/flows/definition";
import { exportFlow, parseFlowFile, REMOVED_ON_EXPORT, stripSecrets } from "@/lib/flows/portable";

const node = (id: string, type: string, config: Record<string, unknown>) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { label: id, config },
});
const flow = (
  nodes: FlowDefinition["nodes"],
  failureAlert?: { type: string; config: Record<string, unknown> },
): FlowDefinition => ({
  schemaVersion: 1,
  nodes: [node("trigger", "webhook", { verification: { preset: "stripe" }, secretId: "cred_SIGNING_01" }), ...nodes],
  edges: [],
  settings: { orderingKey: "data.object.id", ...(failureAlert ? { failureAlert } : {}) },
});

const crm = node("crm", "http", {
  method: "POST",
  url: "https://svc:PW_IN_URL_02@api.example.com/v1/charges?api_key=KEY_IN_QUERY_03&format=json&access_token={{ nodes.auth.body.token }}",
  auth: "header",
  credentialId: "cred_HEADER_04",
  headers: [
    { name: "Authorization", value: "Bearer sk_live_LITERAL_05" },
    { name: "X-Api-Key", value: "LITERAL_KEY_06" },
    { name: "X-Signed", value: "t=1,v1=LITERAL_SIG_07" },
    { name: "Content-Type", value: "application/json" },
    { name: "X-Customer", value: "{{ trigger.body.customer }}" },
    { name: "X-Auth-From-Step", value: "Bearer {{ nodes.auth.body.token }}" },
  ],
  query: [
    { name: "access_token", value: "LITERAL_TOKEN_08" },
    { name: "page", value: "2" },
  ],
  bodyType: "form",
  form: [
    { name: "client_secret", value: "LITERAL_CLIENT_SECRET_09" },
    { name: "amount", value: "{{ trigger.body.amount }}" },
  ],
});
const chatUrls = [
  node("slack_raw", "http", { url: "https://hooks.slack.com/services/T000/B000/SLACK_TOKEN_10" }),
  node("discord_raw", "http", { url: "https://discord.com/api/webhooks/1234/DISCORD_TOKEN_11" }),
  node("teams_raw", "http", {
    url: "https://contoso.webhook.office.com/webhookb2/TEAMS_TOKEN_12@x/IncomingWebhook/abc/def",
  }),
  node("flow_raw", "http", {
    url: "https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sig=POWER_SIG_13",
  }),
];
const mail = node("mail", "email", { credentialId: "cred_SMTP_14", to: "ops@shop.example", subject: "s", text: "t" });

const httpAlert = {
  type: "http",
  config: {
    url: "https://hooks.slack.com/services/T1/B1/ALERT_TOKEN_15",
    headers: [{ name: "X-Token", value: "ALERT_HEADER_16" }],
    body: '{"text":"Run {{ run.id }} failed"}',
  },
};
const slackAlert = {
  type: "slack",
  config: { credentialId: "cred_ALERT_17", text: "Run {{ run.id }} failed: {{ run.error }}" },
};

describe("an exported flow", () => {
  it.each([
    ["an HTTP failure alert", httpAlert],
    ["a Slack failure alert", slackAlert],
  ])("holds none of the flow's secrets, with %s", (_, alert) => {
    const text = JSON.stringify(exportFlow("Orders", flow([crm, ...chatUrls, mail], alert)));
    for (const secret of [
      "cred_",
      "PW_IN_URL_02",
      "KEY_IN_QUERY_03",
      "sk_live_LITERAL_05",
      "LITERAL_KEY_06",
      "LITERAL_SIG_07",
      "LITERAL_TOKEN_08",
      "LITERAL_CLIENT_SECRET_09",
      "SLACK_TOKEN_10",
      "DISCORD_TOKEN_11",
      "TEAMS_TOKEN_12",
      "POWER_SIG_13",
      "ALERT_TOKEN_15",
      "ALERT_HEADER_16",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it("keeps what is not secret: header names, references, plain headers, the alert's message, the chat service's host", () => {
    const def = stripSecrets(flow([crm, ...chatUrls], httpAlert));
    const config = def.nodes[1]!.data.config as { url: string; headers: unknown; query: unknown; form: unknown };
    expect(config.url).toBe(
      `https://api.example.com/v1/charges?api_key=${REMOVED_ON_EXPORT}&format=json&access_token={{ nodes.auth.body.token }}`,
    );
    expect(config.headers).toEqual([
      { name: "Authorization", value: REMOVED_ON_EXPORT },
      { name: "X-Api-Key", value: REMOVED_ON_EXPORT },
      { name: "X-Signed", value: REMOVED_ON_EXPORT },
      { name: "Content-Type", value: "application/json" },
      { name: "X-Customer", value: "{{ trigger.body.customer }}" },
      { name: "X-Auth-From-Step", value: "Bearer {{ nodes.auth.body.token }}" },
    ]);
    expect(config.query).toEqual([
      { name: "access_token", value: REMOVED_ON_EXPORT },
      { name: "page", value: "2" },
    ]);
    expect(config.form).toEqual([
      { name: "client_secret", value: REMOVED_ON_EXPORT },
      { name: "amount", value: "{{ trigger.body.amount }}" },
    ]);
    expect(def.nodes.slice(2).map((n) => (n.data.config as { url: string }).url)).toEqual([
      `https://hooks.slack.com/${REMOVED_ON_EXPORT}`,
      `https://discord.com/${REMOVED_ON_EXPORT}`,
      `https://contoso.webhook.office.com/${REMOVED_ON_EXPORT}`,
      `https://prod-01.westeurope.logic.azure.com:443/${REMOVED_ON_EXPORT}`,
    ]);
    expect(def.settings).toEqual({
      orderingKey: "data.object.id",
      failureAlert: {
        type: "http",
        config: {
          url: `https://hooks.slack.com/${REMOVED_ON_EXPORT}`,
          headers: [{ name: "X-Token", value: REMOVED_ON_EXPORT }],
          body: '{"text":"Run {{ run.id }} failed"}',
        },
      },
    });
  });

  it("is scrubbed again on import (a hand-made file), and a second pass changes nothing", () => {
    const file = {
      format: "hookline.flow",
      version: 1,
      name: "x",
      definition: flow([crm, ...chatUrls, mail], slackAlert),
    };
    const back = parseFlowFile(JSON.stringify(file));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(JSON.stringify(back.definition)).not.toMatch(/cred_|LITERAL|TOKEN_1|POWER_SIG|PW_IN_URL|KEY_IN_QUERY/);
    expect(back.definition.settings?.failureAlert).toEqual({
      type: "slack",
      config: { text: "Run {{ run.id }} failed: {{ run.error }}" },
    });
    expect(stripSecrets(back.definition)).toEqual(back.definition);
  });

  it("reads a long hostile URL in linear time", () => {
    const hostile = [
      `https://${"a.".repeat(50_000)}webhook.office.co/x`,
      `https://x/?${"&".repeat(100_000)}`,
      `https://x/?${"?".repeat(100_000)}`,
      `https://${"@".repeat(100_000)}`,
    ];
    const started = performance.now();
    stripSecrets(flow(hostile.map((url, i) => node(`h${i}`, "http", { url }))));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
