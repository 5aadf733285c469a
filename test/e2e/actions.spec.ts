// Action nodes from the browser: add an e-mail and a Slack node, create their credentials inline
// from the node's settings, publish, post a webhook, and the mail reaches a real SMTP server and
// the message a local Slack-like webhook; the run page shows both steps succeeded.
import { expect, test } from "./fixtures";
import { startSmtpTarget } from "../support/smtp-target";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";
import { appFor } from "./session";

let app: App;
let smtp: Awaited<ReturnType<typeof startSmtpTarget>>;
let slack: Awaited<ReturnType<typeof startTarget>>;
const SMTP_PASSWORD = "e2e-smtp-pass-5150";
const HOOK_PATH = "/services/T1/B2/e2eHookSecret77";

test.beforeAll(async () => {
  app = await startApp();
  smtp = await startSmtpTarget({ username: "shop", password: SMTP_PASSWORD });
  slack = await startTarget(() => ({ text: "ok", headers: { "content-type": "text/plain" } }));
});
test.afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await slack?.close();
});

test("e-mail and Slack nodes with inline credentials run end to end", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  const panel = page.getByTestId("config-panel");

  // E-mail node, connected from the trigger; its SMTP server created from the picker.
  await page.getByTestId("palette-item-email").click();
  await expect(page.locator('.react-flow__node[data-id="email_1"]')).toBeVisible();
  await expect(panel.getByText("Choose the SMTP server to send with")).toBeVisible();
  await panel.getByRole("button", { name: "New SMTP server" }).click();
  const smtpForm = panel.getByRole("form", { name: "New SMTP server" });
  await smtpForm.getByLabel("Credential name", { exact: true }).fill("Shop mail");
  await smtpForm.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await smtpForm.getByLabel("Port", { exact: true }).fill(String(smtp.port));
  await smtpForm.getByLabel("Username", { exact: true }).fill("shop");
  await smtpForm.getByLabel("Password", { exact: true }).fill(SMTP_PASSWORD);
  await smtpForm.getByLabel("From", { exact: true }).fill("Shop <orders@shop.example>");
  // The test's SMTP server has no TLS.
  await smtpForm.getByLabel("Allow unencrypted connection (not recommended)").check();
  await smtpForm.getByRole("button", { name: "Save" }).click();
  await expect(panel.getByLabel("SMTP server", { exact: true })).toHaveValue(/^cred_/);
  // The leak check (session.ts) takes every string of a credential value for a secret; the SMTP
  // host is not one, and it is this app's own address, in every URL the app prints.
  appFor(app.url)!.secrets.delete("127.0.0.1");
  await panel.getByLabel("To", { exact: true }).fill("{{ trigger.body.email }}");
  await panel.getByLabel("Subject").fill("Order {{ trigger.body.id }} confirmed");
  await panel.getByLabel("Text body").fill("Thanks for order {{ trigger.body.id }}.");

  // Slack node after it, with a webhook URL credential.
  await page.getByTestId("palette-item-slack").click();
  await expect(page.locator('.react-flow__node[data-id="slack_1"]')).toBeVisible();
  await panel.getByRole("button", { name: "New Slack webhook URL" }).click();
  const slackForm = panel.getByRole("form", { name: "New Slack webhook URL" });
  await slackForm.getByLabel("Credential name", { exact: true }).fill("#orders");
  await slackForm.getByLabel("Webhook URL", { exact: true }).fill(`${slack.url}${HOOK_PATH}`);
  await slackForm.getByRole("button", { name: "Save" }).click();
  await expect(panel.getByLabel("Slack webhook", { exact: true })).toHaveValue(/^cred_/);
  await panel.getByLabel("Message").fill("Order {{ trigger.body.id }} mailed to {{ nodes.email_1.accepted.0 }}");

  await expect(page.getByTestId("issues")).toHaveCount(0);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  const webhookUrl = /(http:\/\/\S+\/api\/hooks\/[A-Za-z0-9_-]+)/.exec(
    (await page.getByTestId("webhook-url").textContent()) ?? "",
  )![1]!;

  const answer = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: "ord_77", email: "ada@example.com" }),
  });
  expect(answer.status).toBe(202);
  await expect.poll(() => slack.received.length, { timeout: 20_000 }).toBe(1);
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0]!.parsed.subject).toBe("Order ord_77 confirmed");
  expect(smtp.received[0]!.envelope.to).toEqual(["ada@example.com"]);
  expect(slack.received[0]).toMatchObject({
    path: HOOK_PATH,
    json: { text: "Order ord_77 mailed to ada@example.com" },
  });

  await page.getByRole("link", { name: "Runs" }).click();
  const row = page.getByTestId("run-row").first();
  await expect(row.getByTestId("run-status")).toHaveText("succeeded", { timeout: 20_000 });
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("step-email_1")).toContainText("succeeded");
  await expect(page.getByTestId("step-slack_1")).toContainText("succeeded");
  // The run page shows what was sent, never the secrets it was sent with.
  const content = await page.content();
  expect(content).not.toContain(SMTP_PASSWORD);
  expect(content).not.toContain("e2eHookSecret77");
  expect(consoleErrors).toEqual([]);
});
