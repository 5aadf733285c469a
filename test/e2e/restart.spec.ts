// A crash between the webhook and the run's completion: the app is killed (SIGKILL) while a slow
// step is in flight and started again on the same data. The run completes, and the step that had
// completed before the crash is not repeated (checked at the target).
import { expect, test } from "./fixtures";
import { stripeLikeEvent } from "../support/payloads";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

let app: App;
let target: Awaited<ReturnType<typeof startTarget>>;
let slowCalls = 0;

test.beforeAll(async () => {
  app = await startApp();
  // The first call to /slow hangs (the app dies meanwhile); later calls answer at once.
  target = await startTarget((r) => (r.path === "/slow" && slowCalls++ === 0 ? { delayMs: 30_000 } : { status: 200 }));
});
test.afterAll(async () => {
  await app?.stop();
  await target?.close();
});

test("a run survives a crash of the app mid-step without repeating completed steps", async ({ page }) => {
  const node = (id: string, x: number, path: string) => ({
    id,
    type: "http",
    position: { x, y: 0 },
    data: {
      label: id,
      config: { method: "POST", url: `${target.url}${path}`, body: '{"order":"{{ trigger.body.id }}"}' },
    },
  });
  const flow = await app.api<{ id: string }>("/api/flows", {
    method: "POST",
    body: JSON.stringify({
      name: "Crash test",
      definition: {
        schemaVersion: 1,
        nodes: [
          { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } },
          node("fast", 250, "/fast"),
          node("slow", 500, "/slow"),
        ],
        edges: [
          { id: "e1", source: "trigger", target: "fast" },
          { id: "e2", source: "fast", target: "slow" },
        ],
      },
    }),
  });
  const { webhookUrl } = await app.api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, { method: "POST" });
  const event = stripeLikeEvent(42);
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(event),
  });
  expect(res.status).toBe(202);

  // The slow step is in flight: crash the app, then start it again on the same data.
  await expect.poll(() => target.received.filter((r) => r.path === "/slow").length, { timeout: 20_000 }).toBe(1);
  await app.crash();
  await app.restart();

  await expect
    .poll(async () => (await app.api<{ items: { status: string }[] }>(`/api/flows/${flow.id}/runs`)).items[0]?.status, {
      timeout: 30_000,
    })
    .toBe("succeeded");
  const fast = target.received.filter((r) => r.path === "/fast");
  expect(fast).toHaveLength(1); // completed before the crash, never repeated
  expect(target.received.filter((r) => r.path === "/slow").length).toBeGreaterThanOrEqual(2);
  const slowKeys = new Set(target.received.filter((r) => r.path === "/slow").map((r) => r.headers["idempotency-key"]));
  expect(slowKeys.size).toBe(1); // the repeated call carries the same idempotency key

  const { items } = await app.api<{ items: { id: string }[] }>(`/api/flows/${flow.id}/runs`);
  await page.goto(`${app.url}/runs/${items[0]!.id}`);
  await expect(page.getByTestId("run-status")).toHaveText("succeeded");
  await expect(page.getByTestId("step-fast")).toHaveCount(1);
  await expect(page.getByTestId("step-slow").last()).toContainText("succeeded");
});
