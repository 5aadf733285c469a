// Run history in a real browser (issue 7): find a failed run by a payload value, read the failing
// step's error, retry it from the failed step once the target is fixed (earlier steps not sent
// again: counted at the target); a dry run on the edited draft with its per-step diff (nothing
// sent); a bulk replay of 20 failed runs with the progress bar reaching the end; script-bearing
// payloads shown as text.
import { expect, test } from "./fixtures";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

let app: App;
let target: Awaited<ReturnType<typeof startTarget>>;
let mailDown = true;

test.beforeAll(async () => {
  app = await startApp();
  target = await startTarget((r) =>
    r.path === "/mail" && mailDown
      ? { status: 503, body: { error: "mail service down" } }
      : { status: 200, body: { ok: true } },
  );
});
test.afterAll(async () => {
  await app?.stop();
  await target?.close();
});

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

function definition(mailNote: string) {
  return {
    schemaVersion: 1,
    nodes: [
      {
        id: "trigger",
        type: "webhook",
        position: { x: 0, y: 0 },
        data: { label: "Webhook", config: { dedupe: { by: "off" } } },
      },
      {
        id: "http_1",
        type: "http",
        position: { x: 300, y: 0 },
        data: {
          label: "CRM",
          config: {
            method: "POST",
            url: `${target.url}/crm`,
            body: '{"customer":"{{ trigger.body.data.object.customer }}"}',
          },
          settings: { retries: 0 },
        },
      },
      {
        id: "http_2",
        type: "http",
        position: { x: 600, y: 0 },
        data: {
          label: "Mailer",
          config: {
            method: "POST",
            url: `${target.url}/mail`,
            body: `{"to":"{{ trigger.body.data.object.customer }}","note":"${mailNote}"}`,
          },
          settings: { retries: 0 },
        },
      },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "http_1" },
      { id: "e2", source: "http_1", target: "http_2" },
    ],
  };
}

type FlowDetail = { id: string; revision: number; webhookUrl: string };
async function publishedFlow(name: string) {
  const created = await api<FlowDetail>("/api/flows", "POST", { name, definition: definition("Thanks") });
  await api(`/api/flows/${created.id}/publish`, "POST", {});
  return api<FlowDetail>(`/api/flows/${created.id}`);
}
const event = (customer: string, extra: Record<string, unknown> = {}) => ({
  id: `evt_${Math.random().toString(36).slice(2)}`,
  type: "charge.succeeded",
  data: { object: { customer, amount: 1200, ...extra } },
});
const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const calls = (path: string, customer: string) =>
  target.received.filter((r) => r.path === path && r.body.includes(customer)).length;

async function runsOf(flowId: string, status?: string) {
  return (
    await api<{ items: { id: string; status: string }[] }>(
      `/api/flows/${flowId}/runs?limit=100${status ? `&status=${status}` : ""}`,
    )
  ).items;
}
async function settled(flowId: string, count: number) {
  await expect
    .poll(async () => (await runsOf(flowId)).filter((r) => r.status === "failed" || r.status === "succeeded").length, {
      timeout: 60_000,
    })
    .toBe(count);
}

test("find a failed run by a payload value, read the error, retry from the failed step, dry-run a fix", async ({
  page,
}) => {
  mailDown = true;
  const flow = await publishedFlow("Payments → CRM → mail");
  const customer = `cus_Find${Math.random().toString(36).slice(2, 8)}`;
  expect((await post(flow.webhookUrl, event("cus_someoneelse"))).status).toBe(202);
  expect((await post(flow.webhookUrl, event(customer))).status).toBe(202);
  await settled(flow.id, 2);
  expect(calls("/crm", customer)).toBe(1);

  // The workspace's run history: search by the customer id.
  await page.goto(`${app.url}/runs`);
  await page.getByRole("link", { name: "Run history" }).click();
  await page.getByTestId("run-search").fill(customer);
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(1, { timeout: 15_000 });
  await expect(rows.first().getByTestId("run-status")).toHaveText("failed");
  await rows.first().getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const failedRunUrl = page.url();

  // The failing step's error, the graph and the timeline.
  await expect(page.getByTestId("step-http_2").getByTestId("step-status")).toHaveText("failed");
  await expect(page.getByTestId("step-http_2").getByTestId("step-error")).toContainText("503");
  await expect(page.getByTestId("step-http_1").getByTestId("idempotency-key")).toHaveText(/^run_[0-9a-z]+:http_1$/);
  await expect(page.getByTestId("run-graph").locator(".run-graph-failed")).toHaveCount(1);
  await expect(page.getByTestId("run-timeline").getByTestId("timeline-bar")).toHaveCount(3);
  await page.screenshot({ path: "test-results/screenshots/run-failed.png", fullPage: true });

  // Fix the target, retry from the failed step: the CRM is not called again.
  mailDown = false;
  await page.getByRole("button", { name: "Retry from failed step" }).click();
  await expect(page).not.toHaveURL(failedRunUrl);
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(page.getByText("Retry of")).toBeVisible();
  expect(calls("/crm", customer)).toBe(1);
  expect(target.received.filter((r) => r.path === "/mail" && r.body.includes(customer)).length).toBe(2); // the 503, then the retry

  // Dry run on an edited draft: a per-step diff, and nothing sent.
  const detail = await api<FlowDetail>(`/api/flows/${flow.id}`);
  await api(`/api/flows/${flow.id}`, "PUT", {
    definition: definition("Thank you for your order"),
    revision: detail.revision,
  });
  const mailsBefore = target.received.length;
  await page.goto(failedRunUrl);
  await page.getByRole("button", { name: "Dry run on draft" }).click();
  await expect(page.getByText("Dry run", { exact: false }).first()).toBeVisible();
  const diff = page.getByTestId("dry-run-diff");
  await expect(diff).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(diff.getByTestId("diff-http_2")).toContainText("changed");
  await expect(diff.getByTestId("diff-http_2")).toContainText("Thank you for your order");
  expect(target.received.length).toBe(mailsBefore);
});

test("script-bearing payload values are shown as text, never run", async ({ page }) => {
  mailDown = false;
  const flow = await publishedFlow("XSS probe");
  const evil = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
  expect((await post(flow.webhookUrl, event(evil, { note: "</pre><b id=injected>bold</b>" }))).status).toBe(202);
  await settled(flow.id, 1);
  const [run] = await runsOf(flow.id);
  await page.goto(`${app.url}/runs/${run!.id}`);
  await expect(page.getByTestId("delivery-body")).toContainText(JSON.stringify(evil).slice(1, -1)); // pretty-printed JSON
  await expect(page.getByTestId("delivery-body")).toContainText("</pre><b id=injected>bold</b>");
  await expect(page.getByTestId("step-trigger")).toContainText("window.__xss=1"); // the trigger's output, as text
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator("#injected")).toHaveCount(0);
  await expect(page.getByTestId("delivery-body").locator("img, script, b")).toHaveCount(0);
  // Searching for it in the list renders it as text too.
  await page.goto(`${app.url}/flows/${flow.id}/runs`);
  await page.getByTestId("run-search").fill(evil);
  await expect(page.getByTestId("run-row")).toHaveCount(1, { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test("bulk replay of 20 failed runs: the progress bar reaches the end", async ({ page }) => {
  mailDown = true;
  const flow = await publishedFlow("Bulk");
  for (let i = 0; i < 20; i++) expect((await post(flow.webhookUrl, event(`cus_bulk${i}`))).status).toBe(202);
  await settled(flow.id, 20);
  expect(await runsOf(flow.id, "failed")).toHaveLength(20);
  mailDown = false;

  await page.goto(`${app.url}/flows/${flow.id}/runs`);
  await page.getByTestId("run-filter-status").selectOption("failed");
  await expect(page.getByTestId("run-row")).toHaveCount(20);
  await page.getByRole("button", { name: "Bulk replay…" }).click();
  await page.getByRole("button", { name: "Replay failed runs" }).click();
  const bar = page.getByRole("progressbar", { name: "Bulk replay progress" });
  await expect(bar).toHaveAttribute("aria-valuemax", "20");
  await expect(bar).toHaveAttribute("aria-valuenow", "20", { timeout: 60_000 });
  await expect(page.getByTestId("bulk-replay-summary")).toContainText("20 of 20 finished — 20 succeeded, 0 failed");
  await page.screenshot({ path: "test-results/screenshots/bulk-replay.png", fullPage: true });
  expect(await runsOf(flow.id, "succeeded")).toHaveLength(20);

  // The flow's overview counts them: 20 failed and 20 succeeded today.
  await page.goto(`${app.url}/flows/${flow.id}/overview`);
  await expect(page.getByTestId("runs-per-day")).toHaveAttribute("aria-label", /20 succeeded, 20 failed/);
  await expect(page.getByText("50.0%")).toBeVisible();
  await expect(page.getByTestId("sender-health")).toContainText("failed runs in 24 h");
});
