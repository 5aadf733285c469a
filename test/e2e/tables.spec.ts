// The /tables page in a real browser: create a table, add rows (with field errors first), −1/+1
// down to the floor and back, edit, see a change made through the API, delete a row, rename and
// delete the table.
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

// Node fetch to the app's /api carries the owner's session (fixtures.ts).
const json = { "content-type": "application/json" };

test("data tables: create, edit rows, never below the floor, rename and delete", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(`${m.text()} (${m.location().url})`));
  page.on("pageerror", (e) => consoleErrors.push(e.message));

  await page.goto(`${app.url}/flows`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tables" }).click();
  await expect(page.getByRole("heading", { name: "Data tables", level: 1 })).toBeVisible();
  await expect(page.getByText("No tables yet.")).toBeVisible();

  // Create: a bad value field name is refused in place, then the table opens.
  const form = page.getByRole("form", { name: "New table" });
  await form.getByLabel("Table name").fill("Stock");
  await form.getByLabel("Value field name").fill("1 stock");
  await form.getByRole("button", { name: "Create table" }).click();
  await expect(form.getByText("Value field name starts with a letter")).toBeVisible();
  await form.getByLabel("Value field name").fill("stock");
  await form.getByRole("button", { name: "Create table" }).click();
  await expect(page).toHaveURL(/\/tables\/tbl_/);
  await expect(page.getByRole("heading", { name: "Stock", level: 1 })).toBeVisible();
  await expect(page.getByText("No rows yet.")).toBeVisible();
  const tableId = /\/tables\/([^/?#]+)/.exec(page.url())![1]!;

  // Add a row: errors per field first.
  await page.getByRole("button", { name: "Add row" }).click();
  const newRow = page.getByRole("form", { name: "New row" });
  await newRow.getByLabel("Value (stock)").fill("two");
  await newRow.getByLabel("Other fields (JSON object)").fill("{title: Mug}");
  await newRow.getByRole("button", { name: "Add row" }).click();
  await expect(newRow.getByText("Key is required")).toBeVisible();
  await expect(newRow.getByText("Value must be a number")).toBeVisible();
  await expect(newRow.getByText(/Not valid JSON/)).toBeVisible();
  await newRow.getByLabel("Key").fill("MUG-1");
  await newRow.getByLabel("Value (stock)").fill("2");
  await newRow.getByLabel("Other fields (JSON object)").fill('{"title": "Mug"}');
  await newRow.getByRole("button", { name: "Add row" }).click();
  const row = page.getByTestId("data-row").filter({ hasText: "MUG-1" });
  await expect(row.getByTestId("row-value")).toHaveText("2");
  await expect(row).toContainText('{"title":"Mug"}');
  await expect(page.getByRole("status")).toHaveText("Saved MUG-1");

  // −1 twice reaches 0; a third is refused and the value stays 0; +1 brings it back.
  await row.getByRole("button", { name: "Decrement MUG-1" }).click();
  await expect(row.getByTestId("row-value")).toHaveText("1");
  await row.getByRole("button", { name: "Decrement MUG-1" }).click();
  await expect(row.getByTestId("row-value")).toHaveText("0");
  await row.getByRole("button", { name: "Decrement MUG-1" }).click();
  await expect(page.getByRole("status")).toHaveText("MUG-1: stock is 0 and does not go below 0");
  await expect(row.getByTestId("row-value")).toHaveText("0");
  await row.getByRole("button", { name: "Increment MUG-1" }).click();
  await expect(row.getByTestId("row-value")).toHaveText("1");

  // Edit the value.
  await row.getByRole("button", { name: "Edit MUG-1" }).click();
  const edit = page.getByRole("form", { name: "Edit row MUG-1" });
  await edit.getByLabel("Value (stock)").fill("10");
  await edit.getByRole("button", { name: "Save row" }).click();
  await expect(row.getByTestId("row-value")).toHaveText("10");

  // Changes through the API (as a flow's node would make them) show after a reload.
  for (let i = 0; i < 4; i++) {
    const r = await fetch(`${app.url}/api/tables/${tableId}/rows`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ op: "decrement", key: "MUG-1", amount: 2 }),
    });
    expect(r.status).toBe(200);
  }
  const second = await fetch(`${app.url}/api/tables/${tableId}/rows`, {
    method: "PUT",
    headers: json,
    body: JSON.stringify({ key: "CUP-7", value: 3 }),
  });
  expect(second.status).toBe(201);
  await page.reload();
  await expect(row.getByTestId("row-value")).toHaveText("2");
  await expect(page.getByTestId("data-row")).toHaveCount(2);
  await page.getByRole("searchbox").fill("CUP");
  await expect(page.getByTestId("data-row")).toHaveCount(1);
  await page.getByRole("searchbox").fill("");
  await page.screenshot({ path: "test-results/screenshots/tables.png" });

  // Delete a row.
  await page.getByRole("button", { name: "Delete CUP-7" }).click();
  await page.getByRole("group", { name: "Delete CUP-7?" }).getByRole("button", { name: "Keep" }).click();
  await expect(page.getByTestId("data-row")).toHaveCount(2);
  await page.getByRole("button", { name: "Delete CUP-7" }).click();
  await page.getByRole("group", { name: "Delete CUP-7?" }).getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByTestId("data-row")).toHaveCount(1);

  // Rename, see it in the list, then delete the table.
  await page.getByRole("button", { name: "Table settings" }).click();
  const settings = page.getByRole("form", { name: "Table settings" });
  await settings.getByLabel("Table name").fill("Warehouse stock");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Warehouse stock", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Data tables" }).click();
  await expect(page.getByTestId("table-row")).toHaveText(/Warehouse stock\s*1 row · value field stock/);
  await page.getByRole("link", { name: "Warehouse stock" }).click();
  await page.getByRole("button", { name: "Table settings" }).click();
  await page.getByRole("button", { name: "Delete table" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/tables$/);
  await expect(page.getByText("No tables yet.")).toBeVisible();
  expect((await fetch(`${app.url}/api/tables/${tableId}`)).status).toBe(404);

  expect(consoleErrors).toEqual([]);
});

test("a Data table node set up in the editor lowers stock when a webhook arrives", async ({ page }) => {
  const created = await fetch(`${app.url}/api/tables`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ name: "Shop stock", valueField: "stock" }),
  });
  expect(created.status).toBe(201);
  const table = (await created.json()) as { id: string };
  await fetch(`${app.url}/api/tables/${table.id}/rows`, {
    method: "PUT",
    headers: json,
    body: JSON.stringify({ key: "MUG-1", value: 5 }),
  });

  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await page.getByTestId("palette-item-table").click();
  const panel = page.getByTestId("config-panel");
  await expect(panel.getByText("Choose a table", { exact: true })).toBeVisible();
  await panel.getByLabel("Table", { exact: true }).selectOption("Shop stock");
  await panel.getByLabel("Operation").selectOption({ label: "Decrement value" });
  await panel.getByLabel("Row key").fill("{{ trigger.body.sku }}");
  await panel.getByLabel("Amount (stock)").fill("{{ trigger.body.quantity }}");
  await expect(panel.getByLabel("Floor", { exact: true })).toHaveValue("0");
  await expect(page.locator('.react-flow__node[data-id="table_1"]')).toContainText(
    "Decrement value by trigger.body.quantity · Shop stock[trigger.body.sku]",
  );
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).not.toHaveText("Draft");

  const liveUrl = /(http:\/\/\S+\/api\/hooks\/\S+)/.exec(
    (await page.getByTestId("webhook-url").textContent()) ?? "",
  )![1]!;
  expect(
    (await fetch(liveUrl, { method: "POST", headers: json, body: JSON.stringify({ sku: "MUG-1", quantity: 2 }) }))
      .status,
  ).toBe(202);
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${app.url}/api/tables/${table.id}/rows`)).json()) as { items: { value: number }[] })
          .items[0]?.value,
      { timeout: 20_000 },
    )
    .toBe(3);
});
