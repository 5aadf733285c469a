// The request log and the editor's URL tools in a real browser: a sample on the test URL, the
// verdicts of good and bad requests, a hostile body shown as text, a regenerated URL answering
// 410, and a paused flow holding its run until it is resumed.
import { expect, test, type Locator } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

const json = { "content-type": "application/json" };
const urlIn = async (box: Locator) => /(http:\/\/\S+\/api\/hooks\/\S+)/.exec((await box.textContent()) ?? "")![1]!;

test("request log, test URL sample, URL regeneration and pause", async ({ page }) => {
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.accept();
  });

  const flow = (await (
    await fetch(`${app.url}/api/flows`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "Shop orders" }),
    })
  ).json()) as { id: string };
  const pub = await fetch(`${app.url}/api/flows/${flow.id}/publish`, { method: "POST" });
  expect(pub.status).toBe(200);

  // The test URL: waiting, then the sample's trigger.body.
  await page.goto(`${app.url}/flows/${flow.id}`);
  const sample = page.getByTestId("sample-panel");
  await expect(sample).toHaveText("Waiting for the first event…");
  await expect(
    page.getByText("Send a sample event here to map its fields; it never runs the published flow."),
  ).toBeVisible();
  const testUrl = await urlIn(page.getByTestId("test-webhook-url"));
  expect(testUrl).toContain("/api/hooks/test/");
  await expect(page.getByTestId("test-webhook-url").getByRole("button", { name: "Copy" })).toBeVisible();
  const s = await fetch(testUrl, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ order: { id: 4711, email: "jenny@example.com" } }),
  });
  expect(s.status).toBe(200);
  await expect(sample).toContainText("Sample received", { timeout: 10_000 });
  await sample.getByRole("button", { name: "Show body" }).click();
  await expect(sample.locator("pre")).toContainText('"email": "jenny@example.com"');
  await page.screenshot({ path: "test-results/screenshots/requests-editor-sample.png" });

  // Three requests to the live URL: accepted, bad_method, malformed.
  const liveUrl = await urlIn(page.getByTestId("webhook-url"));
  expect((await fetch(liveUrl, { method: "POST", headers: json, body: JSON.stringify({ id: "evt_1" }) })).status).toBe(
    202,
  );
  expect((await fetch(liveUrl)).status).toBe(405);
  expect((await fetch(liveUrl, { method: "POST", headers: json, body: '{"id": ' })).status).toBe(400);

  await page.getByRole("link", { name: "Requests" }).click();
  await expect(page.getByRole("heading", { name: "Requests" })).toBeVisible();
  await expect(page.getByText("Shop orders")).toBeVisible();
  const rows = page.getByTestId("delivery-row");
  await expect(rows).toHaveCount(4); // the sample too
  await page.getByLabel("URL", { exact: true }).selectOption("live");
  await expect(rows).toHaveCount(3);
  await expect(rows.getByTestId("delivery-verdict")).toHaveText(["malformed", "bad_method", "accepted"]);
  await expect(rows.nth(0).getByTestId("delivery-verdict")).toHaveClass(/red/);
  await expect(rows.nth(2).getByTestId("delivery-verdict")).toHaveClass(/emerald/);
  await expect(rows.nth(0).getByRole("link", { name: "Run", exact: true })).toHaveCount(0);
  const runLink = rows.nth(2).getByRole("link", { name: "Run", exact: true });
  await expect(runLink).toHaveAttribute("href", /^\/runs\/run_/);
  const runHref = (await runLink.getAttribute("href"))!;
  await expect(rows.nth(2).getByTestId("delivery-run-status")).toHaveText("succeeded", { timeout: 20_000 });
  await page.getByLabel("Verdict", { exact: true }).selectOption("bad_method");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("GET");
  await page.getByLabel("Verdict", { exact: true }).selectOption("");

  // A hostile body arrives while the page is open (polling) and is shown as text only.
  const hostile = "<script>alert(1)</script>";
  expect(
    (await fetch(liveUrl, { method: "POST", headers: { "content-type": "text/html" }, body: hostile })).status,
  ).toBe(202);
  await expect(rows).toHaveCount(4, { timeout: 10_000 });
  await rows.first().click();
  const body = page.getByTestId("delivery-detail-body");
  await expect(body).toHaveText(hostile);
  await expect(page.getByTestId("delivery-detail").locator("script")).toHaveCount(0);
  await expect(page.getByTestId("delivery-detail")).toContainText("text/html");
  await page.screenshot({ path: "test-results/screenshots/requests-log.png", fullPage: true });
  await page.locator(`a[href="${runHref}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${runHref}$`));
  await expect(page.getByTestId("run-status")).toHaveText("succeeded");

  // Regenerate the live URL: confirm, new URL shown, the old one answers 410.
  await page.goto(`${app.url}/flows/${flow.id}`);
  await page.getByRole("button", { name: "URL actions" }).click();
  await page.getByRole("menuitem", { name: "Regenerate live URL" }).click();
  await expect(page.getByTestId("webhook-url")).not.toContainText(liveUrl);
  const newUrl = await urlIn(page.getByTestId("webhook-url"));
  expect(newUrl).not.toBe(liveUrl);
  expect((await fetch(liveUrl, { method: "POST", headers: json, body: "{}" })).status).toBe(410);

  // Pause: the delivery is acknowledged but its run is held until the flow is resumed.
  await page.getByTestId("pause-toggle").click();
  await expect(page.getByTestId("paused-banner")).toHaveText(
    /Paused: requests are stored and held; nothing runs until you resume\./,
  );
  await expect(page.getByTestId("pause-toggle")).toHaveText("Resume flow");
  expect(
    (await fetch(newUrl, { method: "POST", headers: json, body: JSON.stringify({ id: "evt_held" }) })).status,
  ).toBe(202);
  await page.screenshot({ path: "test-results/screenshots/requests-paused.png" });
  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await expect(page.getByTestId("run-row").first().getByTestId("run-status")).toHaveText("held");
  await page.getByRole("link", { name: "Back to editor" }).click();
  await page.getByRole("button", { name: "Resume and run held requests" }).click();
  await expect(page.getByTestId("paused-banner")).toHaveCount(0);
  await expect(page.getByTestId("pause-toggle")).toHaveText("Pause flow");
  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await expect(page.getByTestId("run-row").first().getByTestId("run-status")).toHaveText("succeeded", {
    timeout: 20_000,
  });

  // Pause again and resume from the top bar's dialog, discarding what was held.
  await page.getByRole("link", { name: "Back to editor" }).click();
  await page.getByTestId("pause-toggle").click();
  await expect(page.getByTestId("paused-banner")).toBeVisible();
  expect(
    (await fetch(newUrl, { method: "POST", headers: json, body: JSON.stringify({ id: "evt_discarded" }) })).status,
  ).toBe(202);
  await page.getByTestId("pause-toggle").click();
  const dialog = page.getByRole("dialog", { name: "Resume this flow?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Discard held requests", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("paused-banner")).toHaveCount(0);
  await page.getByRole("link", { name: "Requests" }).click();
  await expect(page.getByTestId("delivery-row").first().getByTestId("delivery-run-status")).toHaveText("cancelled");

  expect(dialogs).toEqual(["The old URL will stop working (410 Gone). Continue?"]);
  expect(consoleErrors).toEqual([]);
});
