// The flow editor driven like a user does, with the mouse in Chromium: a 4-node flow with a branch
// built from the palette, a field mapped from a captured sample with the picker, validation that
// appears and clears, undo/redo, publish, export and re-import, run badges after a webhook, the
// keyboard path through the palette, "Test this step", and an axe-core check of the page.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

let app: App;
let target: Awaited<ReturnType<typeof startTarget>>;
const SHOTS = "test-results/screenshots";

test.beforeAll(async () => {
  app = await startApp();
  target = await startTarget();
});
test.afterAll(async () => {
  await app?.stop();
  await target?.close();
});

const nodeEl = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags from one point to another with real mouse events. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

const center = (b: { x: number; y: number; width: number; height: number }) => ({
  x: b.x + b.width / 2,
  y: b.y + b.height / 2,
});

test("build a branching flow, map from the sample, publish, export/import, run badges", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  fs.mkdirSync(SHOTS, { recursive: true });

  await page.goto(`${app.url}/flows`);
  await expect(page.getByRole("heading", { name: "Start from a template" })).toBeVisible();
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await page.getByLabel("Flow name").fill("Big and small payments");

  // A sample reaches the test URL; the editor shows it.
  const testUrl = ((await page.getByTestId("test-webhook-url").locator("code").textContent()) ?? "").trim();
  const sample = {
    id: "evt_1",
    type: "payment_intent.succeeded",
    data: { object: { amount: 2000, currency: "usd", customer: "cus_9" } },
  };
  expect(
    (
      await fetch(testUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(sample),
      })
    ).status,
  ).toBeLessThan(300);
  await expect(page.getByTestId("sample-panel")).toContainText("Sample received", { timeout: 15_000 });

  // 1. Trigger → Branch (click in the palette: appended after the selected trigger).
  await nodeEl(page, "trigger").click();
  await page.getByTestId("palette-item-branch").click();
  await expect(nodeEl(page, "branch_1")).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="e_trigger_branch_1"]')).toHaveCount(1);
  await expect(nodeEl(page, "branch_1").getByTestId("handle-label-true")).toHaveText("True");
  await expect(nodeEl(page, "branch_1").getByTestId("handle-label-false")).toHaveText("False");
  // The empty rule is a validation error, on the node and in the list.
  await expect(nodeEl(page, "branch_1").getByTestId("node-issue")).toHaveAttribute("title", /Give the value to test/);

  // 2. Map the rule's value from the sample with the picker (click the field, open the picker, click the leaf).
  const panel = page.getByTestId("config-panel");
  await panel.getByLabel("Rule 1 value").click();
  await panel.getByRole("button", { name: "Insert data" }).click();
  const picker = panel.getByTestId("data-picker");
  for (const p of ["trigger.body", "trigger.body.data", "trigger.body.data.object"])
    await picker.locator(`[data-expand="${p}"]`).click();
  await picker.locator('[data-path="trigger.body.data.object.amount"]').click();
  await expect(panel.getByLabel("Rule 1 value")).toHaveValue("{{ trigger.body.data.object.amount }}");
  await panel.getByLabel("Rule 1 operator").selectOption("gt");
  await panel.getByLabel("Rule 1 compare to").fill("1000");
  await expect(nodeEl(page, "branch_1").getByTestId("node-issue")).toHaveCount(0);
  await expect(nodeEl(page, "branch_1")).toContainText("If trigger.body.data.object.amount is greater than 1000");

  // 3. HTTP request on "true": clicked while the branch is selected.
  await page.getByTestId("palette-item-http").click();
  await expect(page.locator('.react-flow__edge[data-id="e_branch_1_true_http_1"]')).toHaveCount(1);
  await expect(nodeEl(page, "http_1").getByTestId("node-issue")).toHaveAttribute("title", /URL is required/);
  await panel.getByLabel("URL").fill("ftp://nope");
  await expect(nodeEl(page, "http_1").getByTestId("node-issue")).toHaveAttribute("title", /URL must start with http/);
  await panel.getByLabel("URL").fill(`${target.url}/big`);
  await expect(nodeEl(page, "http_1").getByTestId("node-issue")).toHaveCount(0);
  // The body maps the customer with the picker too.
  await panel.getByLabel("Body (JSON)").fill('{"customer": ""}');
  await panel.getByLabel("Body (JSON)").press("End");
  for (let i = 0; i < 2; i++) await panel.getByLabel("Body (JSON)").press("ArrowLeft");
  await panel.getByRole("button", { name: "Insert data" }).click();
  for (const p of ["trigger.body", "trigger.body.data", "trigger.body.data.object"])
    await panel.getByTestId("data-picker").locator(`[data-expand="${p}"]`).click();
  await panel.getByTestId("data-picker").locator('[data-path="trigger.body.data.object.customer"]').click();
  await expect(panel.getByLabel("Body (JSON)")).toHaveValue('{"customer": "{{ trigger.body.data.object.customer }}"}');

  // 4. A fourth node dragged from the palette, connected from the branch's "false" handle by mouse.
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  const branchBox = (await nodeEl(page, "branch_1").boundingBox())!;
  // Dropped below the branch: clear of the mini map in the bottom right corner, whatever the
  // canvas's height (the editor's top bar may wrap onto two rows).
  await page.getByTestId("palette-item-http").dragTo(page.locator(".react-flow__pane"), {
    targetPosition: {
      x: Math.max(60, branchBox.x - pane.x + 60),
      y: Math.min(branchBox.y - pane.y + branchBox.height + 70, pane.height - 60),
    },
  });
  await expect(nodeEl(page, "http_2")).toBeVisible();
  // The canvas may still be panning to bring the new node into view: measure and drag again
  // until the connection is made (the same connection twice is one edge).
  await expect(async () => {
    const falseHandle = (await nodeEl(page, "branch_1")
      .locator('.react-flow__handle[data-handleid="false"]')
      .boundingBox())!;
    const http2Target = (await nodeEl(page, "http_2").locator(".react-flow__handle.target").boundingBox())!;
    await drag(page, center(falseHandle), center(http2Target));
    await expect(page.locator('.react-flow__edge[data-id="e_branch_1_false_http_2"]')).toHaveCount(1, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("edge-tools-e_branch_1_false_http_2")).toContainText("False");
  await nodeEl(page, "http_2").click();
  await panel.getByLabel("URL").fill(`${target.url}/small`);
  await expect(page.getByTestId("issues")).toHaveCount(0);
  await expect(page.locator(".react-flow__node")).toHaveCount(4);

  // 5. Undo / redo with the keyboard: delete http_2, undo brings it back with its edge, redo deletes again.
  await nodeEl(page, "http_2").click();
  await page.keyboard.press("Delete");
  await expect(nodeEl(page, "http_2")).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodeEl(page, "http_2")).toHaveCount(1);
  await expect(page.locator('.react-flow__edge[data-id="e_branch_1_false_http_2"]')).toHaveCount(1);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(nodeEl(page, "http_2")).toHaveCount(0);
  await page.getByRole("toolbar", { name: "Canvas" }).getByRole("button", { name: "Undo" }).click();
  await expect(nodeEl(page, "http_2")).toHaveCount(1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // Tidy up keeps the graph; the screenshot shows the built flow.
  await page.getByRole("button", { name: "Tidy up" }).click();
  await page.screenshot({ path: `${SHOTS}/flow-editor-built.png` });

  // 6. Publish.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  const webhookUrl = /(http:\/\/\S+\/api\/hooks\/[A-Za-z0-9_-]+)/.exec(
    (await page.getByTestId("webhook-url").textContent()) ?? "",
  )![1]!;

  // 7. A live webhook runs the true branch; the nodes show their status and duration.
  expect(
    (
      await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(sample),
      })
    ).status,
  ).toBe(202);
  await expect.poll(() => target.received.filter((r) => r.path === "/big").length, { timeout: 20_000 }).toBe(1);
  expect(target.received.find((r) => r.path === "/big")!.json).toEqual({ customer: "cus_9" });
  for (const id of ["trigger", "branch_1", "http_1"]) {
    await expect(nodeEl(page, id).getByTestId("node-run")).toHaveAttribute("data-status", "succeeded", {
      timeout: 15_000,
    });
  }
  await expect(nodeEl(page, "http_1").getByTestId("node-run")).toContainText(/\d+(\.\d)? (ms|s)/);
  await expect(nodeEl(page, "http_2").getByTestId("node-run")).toHaveCount(0);
  expect(target.received.filter((r) => r.path === "/small")).toHaveLength(0);
  await page.screenshot({ path: `${SHOTS}/flow-editor-run-badges.png` });

  // 8. Test this step: a side effect asks first; "Run for real" sends it and shows input and output.
  await nodeEl(page, "http_2").click();
  await panel.getByRole("button", { name: "Test this step" }).click();
  await page.getByRole("button", { name: "Preview only" }).click();
  await expect(panel.getByTestId("test-step-result")).toHaveAttribute("data-status", "preview");
  expect(target.received.filter((r) => r.path === "/small")).toHaveLength(0);
  await panel.getByRole("button", { name: "Test this step" }).click();
  await page.getByRole("button", { name: "Run for real" }).click();
  await expect(panel.getByTestId("test-step-result")).toHaveAttribute("data-status", "succeeded");
  await expect(panel.getByTestId("test-step-result")).toContainText('"status": 200');
  expect(target.received.filter((r) => r.path === "/small")).toHaveLength(1);
  await expect(nodeEl(page, "http_2").getByTestId("node-run")).toHaveAttribute("data-status", "succeeded");

  // 9. Export, then import it as a new flow from the flows list.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  const file = path.join(SHOTS, "..", "flow-editor-export.json");
  await (await download).saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, "utf8")) as {
    format: string;
    name: string;
    definition: { nodes: unknown[]; edges: unknown[] };
  };
  expect(exported).toMatchObject({ format: "hookline.flow", name: "Big and small payments" });
  expect(exported.definition.nodes).toHaveLength(4);
  await expect(page.getByTestId("save-state")).toHaveText("Saved", { timeout: 10_000 });
  await page.getByRole("link", { name: "Flows", exact: true }).click();
  await page.getByLabel("Import flow").setInputFiles(file);
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await expect(page.getByLabel("Flow name")).toHaveValue("Big and small payments");
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await expect(page.locator('.react-flow__edge[data-id="e_branch_1_false_http_2"]')).toHaveCount(1);
  await expect(page.getByTestId("edge-tools-e_branch_1_true_http_1")).toContainText("True");
  await expect(page.getByTestId("published-version")).toHaveText("Draft");

  expect(consoleErrors).toEqual([]);
});

test("templates; keyboard: palette and panel without the mouse; versions restore; axe finds no serious violations", async ({
  page,
}) => {
  // A template opens with its steps; what it cannot know (the signing secret) is flagged.
  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: "Use template: GitHub push → HTTP" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await expect(page.getByLabel("Flow name")).toHaveValue("GitHub push → HTTP");
  await expect(page.getByTestId("issues")).toContainText("Choose the signing secret");
  await expect(nodeEl(page, "http_1")).toContainText("POST deploy.example.com/hooks/build");

  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: "New flow" }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await expect(page.locator(".react-flow__node")).toHaveCount(1);

  // Search, Tab to the item, Enter: the node is appended and its panel opens.
  await page.getByLabel("Search nodes").focus();
  await page.keyboard.type("log");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("palette-item-log")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await expect(page.locator('.react-flow__edge[data-id="e_trigger_log_1"]')).toHaveCount(1);
  await expect(page.getByTestId("config-panel")).toBeVisible();
  // Undo and redo from the keyboard (focus is on the palette button, not in a text field).
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(1);

  // Publish v1 (just the trigger), add a step, then restore v1 from the versions list.
  await page.getByRole("button", { name: "Publish" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  await page.getByTestId("palette-item-log").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await page.getByRole("button", { name: "Versions" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("versions")).toContainText("v1");
  await page.getByRole("button", { name: "Restore v1 as draft" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await expect(page.getByText("Restored v1 as the draft")).toBeVisible();

  // Flow settings from the top bar.
  await page.getByRole("button", { name: "Flow settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("flow-settings")).toBeVisible();
  await page.getByLabel("Most runs at once").fill("3");
  await expect(page.getByTestId("save-state")).toHaveText("Saved", { timeout: 10_000 });
  await expect
    .poll(
      async () =>
        (
          (await (await fetch(`${app.url}/api/flows/${page.url().split("/").at(-1)}`)).json()) as {
            definition: { settings?: { concurrency?: number } };
          }
        ).definition.settings?.concurrency,
    )
    .toBe(3);
  await page.getByTestId("flow-settings").getByRole("button", { name: "Close" }).click();

  // Accessibility of the editor with a node's settings open.
  await nodeEl(page, "trigger").click();
  await expect(page.getByTestId("config-panel")).toBeVisible();
  const results = await new AxeBuilder({ page }).include("main").analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  console.log(
    `axe: ${results.violations.length} violations (${serious.length} serious/critical): ${results.violations.map((v) => `${v.id}/${v.impact}`).join(", ")}`,
  );
  expect(
    serious.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join("; ")})`,
    ),
  ).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/flow-editor-panel.png` });
});
