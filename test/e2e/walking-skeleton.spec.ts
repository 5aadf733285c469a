// The walking skeleton in a real browser: build a flow on the canvas, publish it, post a
// Stripe-like event with curl, and follow the durable run into the run history.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { stripeLikeEvent } from "../support/payloads";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

const run = promisify(execFile);
let app: App;
let target: Awaited<ReturnType<typeof startTarget>>;

test.beforeAll(async () => {
  app = await startApp();
  target = await startTarget();
});
test.afterAll(async () => {
  await app?.stop();
  await target?.close();
});

test("build, publish, receive a webhook and see the run step by step", async ({ page, context }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });

  // 2. The flows list: an empty state that says what to do, then "New flow".
  await page.goto(app.url);
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByText("No flows yet")).toBeVisible();
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_[a-z0-9]+$/);

  // 3. The canvas has the Webhook trigger; drag an HTTP request node from the palette.
  const trigger = page.locator('.react-flow__node[data-id="trigger"]');
  await expect(trigger).toBeVisible();
  const pane = page.locator(".react-flow__pane");
  const paneBox = (await pane.boundingBox())!;
  await page
    .getByTestId("palette-item-http")
    .dragTo(pane, { targetPosition: { x: paneBox.width / 2 + 150, y: paneBox.height / 2 } });
  const http = page.locator('.react-flow__node[data-id="http_1"]');
  await expect(http).toBeVisible();

  // Connect trigger → HTTP request by dragging from handle to handle with the mouse.
  const from = (await trigger.locator(".react-flow__handle.source").boundingBox())!;
  const to = (await http.locator(".react-flow__handle.target").boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  // Configure the node: URL and a JSON body with values from the incoming payload.
  await http.click();
  const panel = page.getByTestId("config-panel");
  await expect(panel).toBeVisible();
  await panel.getByLabel("URL").fill(`${target.url}/payments`);
  await panel
    .getByLabel("Body (JSON)")
    .fill(
      '{"amount": "{{ trigger.body.data.object.amount }}", "customer": "{{ trigger.body.data.object.customer }}", "text": "Paid {{ trigger.body.data.object.currency }}"}',
    );
  await expect(page.getByTestId("issues")).toHaveCount(0);

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");

  // 4. The inbound webhook URL, with a copy button.
  const urlBox = page.getByTestId("webhook-url");
  await expect(urlBox).toContainText(`${app.url}/api/hooks/`);
  const webhookUrl = /(http:\/\/\S+\/api\/hooks\/[A-Za-z0-9_-]+)/.exec((await urlBox.textContent()) ?? "")![1]!;
  await urlBox.getByRole("button", { name: "Copy" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(webhookUrl);
  await page.screenshot({ path: "test-results/screenshots/editor.png" });

  // 5. curl posts a Stripe-like event: 2xx fast, then the run reaches the target.
  const event = stripeLikeEvent(2000);
  const started = Date.now();
  const { stdout } = await run("curl", [
    "-sS",
    "-X",
    "POST",
    webhookUrl,
    "-H",
    "content-type: application/json",
    "-d",
    JSON.stringify(event),
    "-w",
    "\n%{http_code} %{time_total}",
  ]);
  const [status, seconds] = stdout.trim().split("\n").at(-1)!.split(" ");
  expect(status).toBe("202");
  await expect.poll(() => target.received.length, { timeout: 20_000 }).toBe(1);
  const reachedTarget = Date.now() - started;
  expect(target.received[0]!.json).toEqual({ amount: 2000, customer: "cus_Q1w2e3r4", text: "Paid usd" });

  // 6. The run history lists the run; its page shows each step and the raw request.
  await page.getByRole("link", { name: "Runs" }).click();
  const row = page.getByTestId("run-row").first();
  await expect(row.getByTestId("run-status")).toHaveText("succeeded", { timeout: 20_000 });
  console.log(
    `curl answered in ${(Number(seconds) * 1000).toFixed(0)} ms; curl → request at the target ${reachedTarget} ms; → run shown succeeded in the UI ${Date.now() - started} ms`,
  );
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toHaveText("succeeded");
  await expect(page.getByTestId("step-trigger")).toBeVisible();
  const step = page.getByTestId("step-http_1");
  await expect(step).toContainText("succeeded");
  await expect(page.getByTestId("delivery-body")).toContainText(event.id);
  await page.screenshot({ path: "test-results/screenshots/run.png", fullPage: true });

  expect(consoleErrors).toEqual([]);
});
