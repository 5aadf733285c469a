// A schedule trigger built in Chromium: a new flow's webhook trigger is replaced by a Schedule
// trigger set to every minute, the form previews it, the flow is published, and one real minute
// later the run history lists the scheduled run, labelled "schedule", with its tick as trigger
// data and no delivery. (Restarts across a tick are covered by integration executor-cron.)
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;

test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

test("a flow with an every-minute schedule runs on the next real minute", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  const flowId = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByLabel("Flow name").fill("Every minute");

  // One trigger per flow: the palette refuses a second, so the webhook trigger goes first.
  await expect(page.getByTestId("palette-item-schedule")).toBeDisabled();
  await page.locator('.react-flow__node[data-id="trigger"]').click();
  await page.getByRole("button", { name: "Delete node" }).click();
  await expect(page.locator('.react-flow__node[data-id="trigger"]')).toHaveCount(0);
  await page.getByTestId("palette-item-schedule").click();
  const schedule = page.locator(".react-flow__node-schedule");
  await expect(schedule).toBeVisible();
  await schedule.click();

  await page.getByLabel("Repeat").selectOption("minutes");
  await page.getByLabel("Every (minutes)").fill("1");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await expect(page.getByTestId("schedule-preview")).toHaveText(
    /^every minute Europe\/Berlin; next: \w{3} \d{1,2} \w{3} \d{2}:\d{2}$/,
  );
  // An unknown zone is refused at its field.
  await page.getByLabel("Time zone").fill("Europe/Atlantis");
  await expect(page.getByText(/Unknown time zone/).first()).toBeVisible();
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await expect(page.getByTestId("schedule-preview")).toContainText("every minute Europe/Berlin");

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");

  // The next real minute (plus the executor's poll and the dispatch): a run labelled "schedule".
  await expect
    .poll(
      async () => {
        const res = await fetch(`${app.url}/api/flows/${flowId}/runs?limit=5`);
        const body = (await res.json()) as { items?: { status: string; eventType: string | null }[] };
        return body.items?.find((r) => r.status === "succeeded")?.eventType ?? null;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe("schedule");

  await page.goto(`${app.url}/flows/${flowId}/runs`);
  const row = page.getByTestId("run-row").first();
  await expect(row).toContainText("schedule");
  await expect(row.getByTestId("run-status")).toContainText(/succeeded/i);
  await row.getByRole("link", { name: "Open" }).click();
  await expect(page.getByTestId("delivery")).toContainText("not started by a stored request");
  await expect(page.getByText("Europe/Berlin").first()).toBeVisible();
});
