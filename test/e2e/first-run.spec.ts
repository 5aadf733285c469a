// The first minutes with a fresh install (issue 23's small frictions): the first visit opens on
// creating the owner account; the dark theme follows the system or the user's choice, kept across
// reloads without a light flash; the editor fits the flow into the part of the canvas nothing covers.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

// One install for the whole file: the first test creates its owner, the others act as that owner.
test.describe.configure({ mode: "serial" });

let app: App;
test.beforeAll(async () => {
  app = await startApp({ owner: false });
});
test.afterAll(async () => {
  await app?.stop();
});

const OWNER = { email: "first@example.com", password: "first-owner-password-1" };

/** Lightness (0..1) of a computed CSS colour: Chromium answers lab(), oklch(), color(srgb) or rgb(). */
function lightness(color: string): number {
  const [a = 0, b = 0, c = 0] = (color.match(/-?[\d.]+/g) ?? []).map(Number);
  if (/^(ok)?(lab|lch)\(/.test(color)) return color.includes("%") || a > 1 ? a / 100 : a;
  const scale = color.startsWith("color(") ? 1 : 255;
  return (0.2126 * a + 0.7152 * b + 0.0722 * c) / scale;
}

const scheme = (page: Page) =>
  page.evaluate(() => ({
    dark: document.documentElement.classList.contains("dark"),
    colorScheme: getComputedStyle(document.documentElement).colorScheme,
    body: getComputedStyle(document.body).backgroundColor,
  }));

test("a fresh install's first visit opens on creating the owner account", async ({ page }) => {
  // Decided on the server: /sign-in answers with a redirect, the sign-in form is never sent.
  const signIn = await page.request.get(`${app.url}/sign-in`, { maxRedirects: 0 });
  expect(signIn.status()).toBe(307);
  expect(signIn.headers().location).toMatch(/\/sign-up$/);

  await page.goto(app.url);
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await expect(page).toHaveTitle(/Create the owner account/);
  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByTestId("my-role")).toHaveText("owner");

  // From now on the spec's pages and API calls are this owner's (fixtures.ts).
  const cookies = await page.context().cookies();
  app.auth.owner = { ...OWNER, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
  await page.goto(`${app.url}/sign-in`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("dark mode: the toggle changes the colour scheme and is kept across reloads, without a light flash", async ({
  page,
}) => {
  await page.goto(`${app.url}/flows`);
  const light = await scheme(page);
  expect(light).toMatchObject({ dark: false, colorScheme: "light" });
  expect(lightness(light.body)).toBeGreaterThan(0.8);

  await page.getByLabel("Theme").selectOption("dark");
  await expect.poll(async () => (await scheme(page)).dark).toBe(true);
  const dark = await scheme(page);
  expect(dark.colorScheme).toBe("dark");
  expect(lightness(dark.body)).toBeLessThan(0.3);

  // Kept: the server's HTML carries the script that sets the class in <head>, before the body is
  // painted; after the reload the page is dark from its first DOM on.
  const html = await (await page.request.get(`${app.url}/flows`)).text();
  expect(html.indexOf("hookline.theme")).toBeGreaterThan(-1);
  expect(html.indexOf("hookline.theme")).toBeLessThan(html.indexOf("<body"));
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      (window as unknown as { darkAtFirstDom: boolean }).darkAtFirstDom =
        document.documentElement.classList.contains("dark");
    });
  });
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { darkAtFirstDom: boolean }).darkAtFirstDom)).toBe(true);
  expect((await scheme(page)).dark).toBe(true);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");

  // Back to the system's setting (light in this context).
  await page.getByLabel("Theme").selectOption("system");
  await expect.poll(async () => (await scheme(page)).dark).toBe(false);
});

test("dark mode follows prefers-color-scheme by default, in the editor's canvas too", async ({ browser }) => {
  const flow = await app.api<{ id: string }>("/api/flows", {
    method: "POST",
    body: JSON.stringify({ name: "Dark canvas" }),
  });
  const context = await browser.newContext({ colorScheme: "dark" });
  const { hostname } = new URL(app.url);
  await context.addCookies(
    app.auth.owner!.cookie.split("; ").map((c) => {
      const i = c.indexOf("=");
      return { name: c.slice(0, i), value: c.slice(i + 1), domain: hostname, path: "/" };
    }),
  );
  const page = await context.newPage();
  await page.goto(`${app.url}/flows`);
  const s = await scheme(page);
  expect(s).toMatchObject({ dark: true, colorScheme: "dark" });
  expect(lightness(s.body)).toBeLessThan(0.3);
  await expect(page.getByLabel("Theme")).toHaveValue("system");
  await page.goto(`${app.url}/flows/${flow.id}`);
  await expect(page.locator(".react-flow.dark")).toBeVisible();
  await context.close();
});

test("the editor fits the flow into the canvas on open, and again when a settings panel narrows it", async ({
  page,
}) => {
  const node = (id: string, type: string, x: number, y: number, config: Record<string, unknown>) => ({
    id,
    type,
    position: { x, y },
    data: { config },
  });
  const url = { url: "https://example.com/hook" };
  const flow = await app.api<{ id: string }>("/api/flows", {
    method: "POST",
    body: JSON.stringify({
      name: "Spread out",
      definition: {
        schemaVersion: 1,
        nodes: [
          node("trigger", "webhook", 0, 0, {}),
          node("far_right", "http", 2600, 0, url),
          node("far_down", "http", 1300, 1500, url),
          // A problem: the problems list under the canvas takes its share of the height.
          node("broken", "http", 2600, 1500, { url: "" }),
        ],
        edges: [
          { id: "e1", source: "trigger", target: "far_right" },
          { id: "e2", source: "trigger", target: "far_down" },
          { id: "e3", source: "far_down", target: "broken" },
        ],
      },
    }),
  });
  await page.goto(`${app.url}/flows/${flow.id}`);
  const nodes = page.locator(".react-flow__node");
  await expect(nodes).toHaveCount(4);
  await expect(page.getByTestId("issues")).toBeVisible();

  /** Nodes whose box sticks out of the canvas's visible area or lies under the settings panel. */
  const outside = () =>
    page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
      const panel = document.querySelector('[data-testid="config-panel"]')?.getBoundingClientRect();
      return [...document.querySelectorAll(".react-flow__node")]
        .filter((n) => {
          const b = n.getBoundingClientRect();
          const inside =
            b.left >= canvas.left - 1 &&
            b.top >= canvas.top - 1 &&
            b.right <= canvas.right + 1 &&
            b.bottom <= canvas.bottom + 1;
          const underPanel = panel !== undefined && b.right > panel.left && b.left < panel.right;
          return !inside || underPanel;
        })
        .map((n) => n.getAttribute("data-id"));
    });
  await expect.poll(outside, { timeout: 15_000 }).toEqual([]);

  // Selecting a node opens its settings beside the canvas: the flow is fitted into what is left.
  await page.locator('.react-flow__node[data-id="trigger"]').click();
  await expect(page.getByTestId("config-panel")).toBeVisible();
  await expect.poll(outside, { timeout: 15_000 }).toEqual([]);
});
