// Foresight in a real browser (issue 24): a Shopify flow whose referenced field disappears from the
// latest deliveries, then whose deliveries are refused (bad signature). The app's own background
// pass learns the shapes and reads the request log; the flow overview and the editor show the drift
// warning and the countdown to Shopify removing the webhook, and the data picker how often the
// field was present. And the stale-event guard set to run an older event flagged: the run list and
// the run page mark that run stale, naming the object.
import { createHmac } from "node:crypto";
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

const SECRET = "shpss_e2e_foresight_secret";

const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: json === undefined ? {} : { "content-type": "application/json" },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
};

const shopify = (url: string, body: unknown, secret = SECRET) => {
  const text = JSON.stringify(body);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-webhook-id": `wh_${Math.random().toString(36).slice(2)}`,
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(text, "utf8").digest("base64"),
    },
    body: text,
  });
};

/** A published flow: a webhook trigger with `trigger` as its settings, then a log step writing `message`. */
async function publishedFlow(name: string, trigger: Record<string, unknown>, message: string) {
  const created = await api<{ id: string }>("/api/flows", "POST", {
    name,
    definition: {
      schemaVersion: 1,
      nodes: [
        { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: trigger } },
        {
          id: "log_1",
          type: "log",
          position: { x: 300, y: 0 },
          data: { label: "Log", config: { message, level: "info" } },
        },
      ],
      edges: [{ id: "e1", source: "trigger", target: "log_1" }],
    },
  });
  await api(`/api/flows/${created.id}/publish`, "POST", {});
  return api<{ id: string; webhookUrl: string; testWebhookUrl: string }>(`/api/flows/${created.id}`);
}

test("the overview and the editor show a drift warning and Shopify's countdown", async ({ page }) => {
  const secret = await api<{ id: string }>("/api/credentials", "POST", {
    name: "Shopify client secret",
    type: "webhook-secret",
    value: SECRET,
  });
  const flow = await publishedFlow(
    "Shopify orders",
    { verification: { preset: "shopify" }, secretId: secret.id },
    "order for {{ trigger.body.customer.email }}",
  );

  const order = (i: number, email = true) => ({
    id: i,
    total_price: "10.00",
    customer: email ? { email: `c${i}@example.com`, first_name: "Ann" } : { first_name: "Ann" },
  });
  for (let i = 0; i < 12; i++) expect((await shopify(flow.webhookUrl, order(i))).status).toBe(202);
  for (let i = 12; i < 15; i++) expect((await shopify(flow.webhookUrl, order(i, false))).status).toBe(202);
  // A captured sample for the editor's data picker.
  expect((await shopify(flow.testWebhookUrl, order(99))).status).toBeLessThan(300);
  // The secret was rotated at Shopify and not here: every delivery is refused from now on.
  for (let i = 0; i < 5; i++) expect((await shopify(flow.webhookUrl, order(100 + i), "rotated")).status).toBe(401);

  await page.goto(`${app.url}/flows/${flow.id}/overview`);
  const health = page.getByTestId("sender-health");
  await expect(health).toContainText(
    /Shopify will remove this webhook in about 4 h: 5 deliveries rejected since \d\d:\d\d UTC \(bad signature\)/,
    { timeout: 60_000 },
  );
  const drift = page.getByTestId("drift-warning");
  await expect(drift).toHaveCount(1, { timeout: 60_000 });
  await expect(drift).toContainText("trigger.body.customer.email");
  await expect(drift).toContainText("orders/create");
  await page.screenshot({ path: "test-results/screenshots/foresight-overview.png", fullPage: true });

  await page.goto(`${app.url}/flows/${flow.id}`);
  await expect(page.getByTestId("sender-forecast")).toContainText("Shopify will remove this webhook in about 4 h");
  await expect(page.getByTestId("drift-warning")).toContainText("trigger.body.customer.email");
  // The picker of the log node: how often customer.email was present.
  await page.locator(".react-flow__node").filter({ hasText: "Log" }).first().click();
  await page.getByTitle("Insert a value from the sample or an earlier step into the field you are editing").click();
  const picker = page.getByTestId("data-picker");
  await picker.locator('[data-expand="trigger.body"]').click();
  await picker.locator('[data-expand="trigger.body.customer"]').click();
  await expect(picker.locator('[data-presence="trigger.body.customer.email"]')).toHaveText(
    "missing in 3 of the last 15",
  );
  await page.screenshot({ path: "test-results/screenshots/foresight-editor.png", fullPage: true });
});

test("a stale event run flagged is marked stale in the run list and on its run page", async ({ page }) => {
  const flow = await publishedFlow(
    "Invoice updates",
    { staleGuard: { enabled: true, objectIdPath: "data.object.id", versionPath: "created", onStale: "flag" } },
    "invoice {{ trigger.body.data.object.id }}",
  );
  const invoice = (created: number) =>
    fetch(flow.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: `evt_${created}`,
        type: "invoice.updated",
        created,
        data: { object: { id: "in_e2e" } },
      }),
    });
  expect((await invoice(1_700_000_200)).status).toBe(202);
  // Older than the one accepted for in_e2e: stored as stale, and run all the same (flagged).
  const older = await invoice(1_700_000_100);
  expect(older.status).toBe(200);
  expect(await older.json()).toMatchObject({ stale: true, ran: true });

  await page.goto(`${app.url}/flows/${flow.id}/runs`);
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  const badge = page.getByTestId("stale-event-badge");
  await expect(badge).toHaveCount(1);
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute(
    "title",
    "An older event than one already accepted for in_e2e; the stale-event guard flagged it and ran it anyway.",
  );
  await page.screenshot({ path: "test-results/screenshots/stale-event-runs.png", fullPage: true });

  await rows.filter({ has: badge }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("stale-event-badge")).toBeVisible();
  await expect(page.getByTestId("stale-event-note")).toHaveText(
    "An older event than one already accepted for in_e2e; the stale-event guard flagged it and ran it anyway.",
  );
});
