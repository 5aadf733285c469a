// The template with apps, end to end on SQLite and PostgreSQL: "Shopify order → Google Sheets row +
// Slack" materialized into a flow, its account and Slack credential chosen, published, and sent a
// Shopify-signed order. The row lands in the fake Google Sheets (the account's token refreshed on
// the way, since it is expired), Slack gets the message, and no token is in the run record.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowDefinition } from "@/lib/flows/definition";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { flowTemplates, materialize } from "@/lib/flows/templates";
import { getRun } from "@/lib/runs/get-run";
import { newTestWorkspace } from "../support/auth";
import { startEngine } from "../support/engine-harness";
import { addAccount, GOOGLE_CLIENT_ENV, pointAppAt } from "../support/fakes/app-test";
import { SPREADSHEET_ID, startFakeGoogle } from "../support/fakes/google";
import { finishedRun, send, shopifyHeaders } from "../support/ingest-helpers";
import { startTarget } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let slack: Awaited<ReturnType<typeof startTarget>>;
let ws: string;
let unpointGoogle = () => {};

beforeAll(async () => {
  engine = await startEngine();
  google = await startFakeGoogle();
  unpointGoogle = pointAppAt("googlesheets", google.url, GOOGLE_CLIENT_ENV);
  slack = await startTarget(() => ({ text: "ok", headers: { "content-type": "text/plain" } }));
  ws = await newTestWorkspace(`apps template ${inject("database")}`);
});
afterAll(async () => {
  unpointGoogle();
  await engine?.stop();
  await google?.close();
  await slack?.close();
});

describe("template with apps", () => {
  it("Shopify order → Google Sheets row + Slack runs against the fakes", async () => {
    const t = flowTemplates.find((x) => x.id === "shopify-order-sheet")!;
    const { definition, missing } = materialize(t);
    expect(missing).toEqual([]);
    const refreshToken = `1//refresh-${randomUUID()}`;
    google.refresh.add(refreshToken);
    const account = await addAccount(ws, "googlesheets", {
      status: "connected",
      accessToken: "ya29-expired",
      refreshToken,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const secret = `shpss_${randomUUID().replaceAll("-", "")}`;
    const fill: Record<string, Record<string, unknown>> = {
      trigger: {
        secretId: (await createCredential(ws, { name: "shopify secret", type: "webhook-secret", value: secret })).id,
      },
      sheet_1: { credentialId: account, spreadsheetId: SPREADSHEET_ID },
      slack_1: {
        credentialId: (
          await createCredential(ws, { name: "Slack", type: "slack-webhook-url", value: `${slack.url}/services/T/B/x` })
        ).id,
      },
    };
    const flow = await createFlow(ws, { name: t.name, definition });
    const filled: FlowDefinition = {
      ...definition,
      nodes: definition.nodes.map((n) => ({ ...n, data: { ...n.data, config: { ...n.data.config, ...fill[n.id] } } })),
    };
    await saveDraft(ws, flow.id, { definition: filled, revision: 0 });
    await publishFlow(ws, flow.id);
    const live = `/api/hooks/${flow.endpoints.find((e) => e.kind === "live")!.token}`;
    const payload = JSON.stringify({
      id: 1,
      name: "#1001",
      email: "jenny@example.com",
      total_price: "83.50",
      currency: "EUR",
      created_at: "2026-12-06T05:00:00Z",
    });
    const answer = await send(engine, live, payload, shopifyHeaders(payload, secret));
    expect(answer.status, answer.text).toBe(202);
    const { run } = await finishedRun(answer.id!, 60_000);
    const detail = await getRun(ws, run.id);
    expect(detail.run.status, detail.run.error ?? "").toBe("succeeded");
    expect(google.rows.at(-1)).toEqual(["#1001", "jenny@example.com", "83.50", "2026-12-06T05:00:00Z"]);
    expect(slack.received.at(-1)!.json).toMatchObject({ text: "New order #1001: 83.50 EUR" });
    const record = JSON.stringify(detail);
    for (const token of [...google.access, refreshToken]) expect(record).not.toContain(token);
  });
});
