// The flow lifecycle in Chromium: Run now from the editor (it runs), Duplicate (a new flow with new
// URLs opens), Archive (its URL answers 410; the list hides it until filtered for), and Delete
// behind a confirmation that names what goes and wants the flow's name typed.
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

const json = { "content-type": "application/json" };
type Flow = { id: string; name: string; webhookUrl: string };
const getFlow = async (id: string) => (await fetch(`${app.url}/api/flows/${id}`)).json() as Promise<Flow>;

test("run now, duplicate, archive and delete a flow through the UI", async ({ page }) => {
  const flow = (await (
    await fetch(`${app.url}/api/flows`, { method: "POST", headers: json, body: JSON.stringify({ name: "Orders" }) })
  ).json()) as Flow;
  expect((await fetch(`${app.url}/api/flows/${flow.id}/publish`, { method: "POST" })).status).toBe(200);

  // Run now with a JSON payload.
  await page.goto(`${app.url}/flows/${flow.id}`);
  await page.getByRole("button", { name: "Run now" }).click();
  const runDialog = page.getByRole("dialog", { name: "Run now" });
  await runDialog.getByLabel("Body (JSON)").fill('{"order": "A-1001"}');
  await runDialog.getByRole("button", { name: "Start run" }).click();
  await expect(runDialog.getByRole("status")).toContainText("Run started");
  await expect
    .poll(
      async () => {
        const page1 = (await (await fetch(`${app.url}/api/flows/${flow.id}/runs`)).json()) as {
          items: { status: string }[];
        };
        return page1.items[0]?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("succeeded");
  await runDialog.getByRole("button", { name: "Close" }).click();

  // Duplicate: the copy opens, with URLs of its own.
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/flows/${flow.id}$`), { timeout: 15_000 });
  await expect(page.getByLabel("Flow name")).toHaveValue("Copy of Orders");
  const copyId = /\/flows\/([^/?#]+)/.exec(page.url())![1]!;
  const copy = await getFlow(copyId);
  expect(copy.webhookUrl).not.toBe(flow.webhookUrl);

  // Archive the copy: its URL answers 410 and the list hides it.
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByTestId("archived-badge")).toBeVisible();
  await expect(page.getByRole("button", { name: "Unarchive" })).toBeVisible();
  expect((await fetch(copy.webhookUrl, { method: "POST", headers: json, body: "{}" })).status).toBe(410);
  await page.goto(`${app.url}/flows`);
  const rows = page.getByTestId("flow-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Orders");
  await expect(rows).toContainText("1 run");
  await page.getByLabel("Status").selectOption("archived");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Copy of Orders");
  await expect(rows.getByTestId("flow-status")).toHaveText("Archived");

  // Delete the original: the dialog says what goes and needs the name.
  await page.goto(`${app.url}/flows/${flow.id}`);
  const deleteButton = page.getByRole("button", { name: "Delete", exact: true });
  const deleteDialog = page.getByRole("dialog", { name: "Delete “Orders”?" });
  // The shared dialog frame (components/ui/dialog): modal, focus moves into it, Escape closes it
  // and focus goes back to the button that opened it.
  await deleteButton.click();
  await expect(deleteDialog).toBeVisible();
  await expect
    .poll(() =>
      deleteDialog.evaluate((d) => ({ modal: d.matches(":modal"), focusInside: d.contains(document.activeElement) })),
    )
    .toEqual({ modal: true, focusInside: true });
  await page.keyboard.press("Escape");
  await expect(deleteDialog).toBeHidden();
  await expect(deleteButton).toBeFocused();
  await deleteButton.click();
  await expect(deleteDialog.getByTestId("deletion-summary")).toContainText(
    "1 version, 2 URLs, 1 stored request, 1 run",
  );
  const confirm = deleteDialog.getByRole("button", { name: "Delete flow" });
  await expect(confirm).toBeDisabled();
  await deleteDialog.getByLabel("Type the flow’s name to confirm").fill("Orders");
  await confirm.click();
  await expect(page).toHaveURL(new RegExp("/flows$"), { timeout: 15_000 });
  expect((await fetch(`${app.url}/api/flows/${flow.id}`)).status).toBe(404);
  expect((await fetch(flow.webhookUrl, { method: "POST", headers: json, body: "{}" })).status).toBe(404);
  await page.screenshot({ path: "test-results/screenshots/lifecycle-after-delete.png" });
});
