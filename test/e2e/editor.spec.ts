import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

test("editor interactions", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));

  await page.goto(`${app.url}/flows`);
  await expect(page.getByRole("heading", { name: "Flows" })).toBeVisible();
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  const flowId = page.url().split("/").at(-1)!;
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await expect(page.getByTestId("published-version")).toHaveText("Draft");
  await expect(page.getByText("Publish to activate this URL")).toBeVisible();
  await expect(page.getByTestId("webhook-url")).toHaveCount(0);
  await expect(page.getByTestId("palette-item-webhook")).toBeDisabled();

  // search
  await page.getByLabel("Search nodes").fill("zzz");
  await expect(page.getByText("No node matches")).toBeVisible();
  await page.getByLabel("Search nodes").fill("http");
  await expect(page.getByTestId("palette-item-http")).toBeVisible();
  await expect(page.getByTestId("palette-item-webhook")).toHaveCount(0);
  await page.getByLabel("Search nodes").fill("");

  // click-add: http_1 connected from trigger, selected, panel open
  await page.getByTestId("palette-item-http").click();
  await expect(page.locator('.react-flow__node[data-id="http_1"]')).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="e_trigger_http_1"]')).toHaveCount(1);
  const panel = page.getByTestId("config-panel");
  await expect(panel.getByLabel("Node name")).toHaveValue("HTTP request");
  await expect(page.getByTestId("issues")).toContainText("URL is required");
  await expect(page.locator('.react-flow__node[data-id="http_1"]').getByTestId("node-issue")).toHaveAttribute(
    "title",
    /URL is required/,
  );
  await expect(panel.getByText("URL is required")).toBeVisible();

  // publish refused (422)
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("publish-error")).toContainText("URL is required");
  await expect(page.getByTestId("published-version")).toHaveText("Draft");

  // field validation
  await panel.getByLabel("URL").fill("ftp://x");
  await expect(panel.getByText("URL must start with http:// or https://")).toBeVisible();
  await panel.getByLabel("URL").fill("https://example.com/{{ trigger.body.id }}");
  await panel.getByRole("button", { name: "Add header" }).click();
  await panel.getByLabel("Header name").fill("bad name");
  await expect(panel.getByText("Invalid header name")).toBeVisible();
  await panel.getByLabel("Header name").fill("X-Test");
  await panel.getByLabel("Header value").fill("1");
  await panel.getByLabel("Body (JSON)").fill("{nope");
  await expect(panel.getByText(/Body must be valid JSON/)).toBeVisible();
  await panel.getByLabel("Body (JSON)").fill('{"a": "{{ trigger.body.x }}"}');
  await panel.getByLabel("Timeout (ms)").fill("50");
  await expect(panel.locator("p.text-red-700")).toHaveCount(1);
  await panel.getByLabel("Timeout (ms)").fill("5000");
  await panel.getByLabel("Method").selectOption("PUT");
  await expect(page.getByTestId("issues")).toHaveCount(0);
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");
  // autosave
  await expect(page.getByTestId("save-state")).toHaveText("Saved", { timeout: 5000 });

  // chain: http_2 after selected http_1, then delete by button
  await page.getByTestId("palette-item-http").click();
  await expect(page.locator('.react-flow__edge[data-id="e_http_1_http_2"]')).toHaveCount(1);
  await panel.getByRole("button", { name: "Delete node" }).click();
  await expect(page.locator('.react-flow__node[data-id="http_2"]')).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  // keyboard delete
  await page.getByTestId("palette-item-http").click();
  await expect(page.locator('.react-flow__node[data-id="http_2"]')).toBeVisible();
  await page.locator('.react-flow__node[data-id="http_2"]').click();
  await page.keyboard.press("Delete");
  await expect(page.locator('.react-flow__node[data-id="http_2"]')).toHaveCount(0);
  await expect(page.getByTestId("config-panel")).toHaveCount(0);

  // rename, save, reload: persisted
  await page.getByLabel("Flow name").fill("Orders to CRM");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  await expect(page.getByTestId("webhook-url")).toContainText("/api/hooks/");
  await page.reload();
  await expect(page.getByLabel("Flow name")).toHaveValue("Orders to CRM");
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  await page.locator('.react-flow__node[data-id="http_1"]').click();
  await expect(panel.getByLabel("URL")).toHaveValue("https://example.com/{{ trigger.body.id }}");
  await expect(panel.getByLabel("Method")).toHaveValue("PUT");
  await expect(panel.getByLabel("Header name")).toHaveValue("X-Test");
  await expect(panel.getByLabel("Timeout (ms)")).toHaveValue("5000");
  await page.screenshot({ path: "test-results/screenshots/extra-editor.png" });

  // unsaved edits survive navigating to Runs (flushed on unmount)
  await panel.getByLabel("Node name").fill("Create CRM contact");
  await page.getByRole("link", { name: "Runs" }).click();
  await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
  await expect(page.getByText("No runs yet")).toBeVisible();
  await expect(page.getByText("Orders to CRM")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/extra-runs-empty.png" });
  await expect
    .poll(async () => {
      const r = await fetch(`${app.url}/api/flows/${flowId}`);
      const f = (await r.json()) as { definition: { nodes: { id: string; data: { label?: string } }[] } };
      return f.definition.nodes.find((n) => n.id === "http_1")?.data.label;
    })
    .toBe("Create CRM contact");

  // flows list
  await page.getByRole("link", { name: "Flows" }).click();
  await expect(page.getByTestId("flow-row")).toHaveCount(1);
  await expect(page.getByTestId("flow-row")).toContainText("v1");
  await page.screenshot({ path: "test-results/screenshots/extra-flows.png" });
  expect(consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);

  // conflict: someone else saves meanwhile
  await page.goto(`${app.url}/flows/${flowId}`);
  await expect(page.getByTestId("save-state")).toHaveText("Saved");
  const cur = (await (await fetch(`${app.url}/api/flows/${flowId}`)).json()) as { revision: number };
  const put = await fetch(`${app.url}/api/flows/${flowId}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Elsewhere", revision: cur.revision }),
  });
  expect(put.status).toBe(200);
  await page.getByLabel("Flow name").fill("Mine");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-state")).toHaveText(/^Save failed: /);
  console.log("conflict text:", await page.getByTestId("save-state").textContent());
  const after = (await (await fetch(`${app.url}/api/flows/${flowId}`)).json()) as { name: string };
  expect(after.name).toBe("Elsewhere");
});

test("runs list pagination and raw body as text", async ({ page }) => {
  const json = { "content-type": "application/json" };
  const flow = (await (
    await fetch(`${app.url}/api/flows`, { method: "POST", headers: json, body: JSON.stringify({ name: "Many runs" }) })
  ).json()) as { id: string };
  const pub = (await (await fetch(`${app.url}/api/flows/${flow.id}/publish`, { method: "POST" })).json()) as {
    webhookUrl: string;
  };
  for (let i = 0; i < 29; i++) {
    const r = await fetch(pub.webhookUrl, { method: "POST", headers: json, body: JSON.stringify({ i }) });
    expect(r.status).toBe(202);
  }
  const r = await fetch(pub.webhookUrl, {
    method: "POST",
    headers: { "content-type": "text/html" },
    body: "<img src=x onerror=alert(1)><b>bold</b>",
  });
  expect(r.status).toBe(202);
  await page.goto(`${app.url}/flows/${flow.id}/runs`);
  await expect(page.getByTestId("run-row")).toHaveCount(25);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(30);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await expect(page.getByTestId("run-row").first().getByTestId("run-status")).toHaveText("succeeded", {
    timeout: 20_000,
  });
  await page.screenshot({ path: "test-results/screenshots/extra-runs.png" });
  await page.getByTestId("run-row").first().click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("delivery-body")).toHaveText("<img src=x onerror=alert(1)><b>bold</b>");
  await expect(page.locator("[data-testid=delivery] img")).toHaveCount(0);
  await expect(page.getByTestId("delivery")).toContainText("text/html");
  await page.screenshot({ path: "test-results/screenshots/extra-run.png", fullPage: true });
});
