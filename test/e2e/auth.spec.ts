// Accounts end to end on a fresh install: the owner signs up, invites an editor and a viewer; the
// editor builds and publishes a flow; the viewer sees it but cannot change it; a user of another
// workspace cannot open it; the audit log says who published. Then the operators' CLI and the
// secret-leak checker that every spec's app.stop() runs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test, watchContext } from "./fixtures";
import { startApp, type App } from "./app";
import { findLeaks, type AppAuth } from "./session";

const run = promisify(execFile);
let app: App;

test.beforeAll(async () => {
  app = await startApp({ owner: false });
});
test.afterAll(async () => {
  await app?.stop(); // fails if a password, key, credential value or hash leaked into an answer or the log
});

const PASSWORD = {
  owner: "owner-password-0001",
  editor: "editor-password-0002",
  viewer: "viewer-password-0003",
  other: "other-password-0004",
};

/** A page's own alerts (not Next's route announcer, which also has role=alert). */
const alertOf = (p: Page) => p.getByRole("alert").and(p.locator(":not(#__next-route-announcer__)"));

async function newUser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = watchContext(await browser.newContext());
  return { context, page: await context.newPage() };
}

async function signUpWith(page: Page, url: string, email: string, password: string) {
  await page.goto(url);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

async function inviteLink(page: Page, role: "editor" | "viewer") {
  await page.goto(`${app.url}/settings`);
  await page.getByLabel("Invite role").selectOption(role);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]{32}$`));
  return link;
}

test("owner signs up, invites; editor publishes; viewer cannot edit; another workspace cannot open it", async ({
  page,
  browser,
}) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));

  // A fresh install opens on creating its owner account (the first sign-up is the owner).
  const first = await page.goto(app.url);
  await expect(page).toHaveURL(/\/sign-up$/);
  const headers = first!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await signUpWith(page, `${app.url}/sign-up`, "owner@example.com", PASSWORD.owner);
  await expect(page.getByTestId("my-role")).toHaveText("owner");
  const cookie = (await page.context().cookies()).find((c) => c.name === "hookline.session_token")!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");

  // Later sign-ups need an invite.
  const anon = await newUser(browser);
  await anon.page.goto(`${app.url}/sign-up`);
  await expect(anon.page.getByRole("heading", { name: "Sign up by invitation" })).toBeVisible();
  const refused = await anon.page.request.post(`${app.url}/api/auth/sign-up`, {
    data: { email: "x@example.com", password: "long-enough-pw" },
    headers: { origin: app.url },
  });
  expect(refused.status()).toBe(403);

  // Invites for an editor and a viewer.
  const editorLink = await inviteLink(page, "editor");
  const viewerLink = await inviteLink(page, "viewer");

  // The editor joins and builds + publishes a flow.
  const editor = await newUser(browser);
  await editor.page.goto(editorLink);
  await expect(editor.page.getByText("as editor")).toBeVisible();
  await signUpWith(editor.page, editor.page.url(), "editor@example.com", PASSWORD.editor);
  await expect(editor.page.getByTestId("my-role")).toHaveText("editor");
  await editor.page.getByRole("button", { name: "New flow" }).click();
  await expect(editor.page).toHaveURL(/\/flows\/flow_[a-z0-9]+$/);
  const flowUrl = editor.page.url();
  const flowId = flowUrl.split("/").at(-1)!;
  const ep = editor.page;
  const pane = ep.locator(".react-flow__pane");
  const paneBox = (await pane.boundingBox())!;
  await ep
    .getByTestId("palette-item-http")
    .dragTo(pane, { targetPosition: { x: paneBox.width / 2 + 150, y: paneBox.height / 2 } });
  const trigger = ep.locator('.react-flow__node[data-id="trigger"]');
  const http = ep.locator('.react-flow__node[data-id="http_1"]');
  await expect(http).toBeVisible();
  const from = (await trigger.locator(".react-flow__handle.source").boundingBox())!;
  const to = (await http.locator(".react-flow__handle.target").boundingBox())!;
  await ep.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await ep.mouse.down();
  await ep.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await ep.mouse.up();
  await expect(ep.locator(".react-flow__edge")).toHaveCount(1);
  await http.click();
  await ep.getByTestId("config-panel").getByLabel("URL").fill("https://example.com/hook");
  await ep.getByRole("button", { name: "Save" }).click();
  await expect(ep.getByTestId("save-state")).toHaveText("Saved");
  await ep.getByRole("button", { name: "Publish" }).click();
  await expect(ep.getByTestId("published-version")).toHaveText("v1");
  // Editors do not manage members or credentials.
  const editorCreatesKey = await ep.request.post(`${app.url}/api/api-keys`, {
    data: { name: "nope" },
    headers: { origin: app.url },
  });
  expect(editorCreatesKey.status()).toBe(403);

  // The viewer sees the flow but cannot change it.
  const viewer = await newUser(browser);
  await viewer.page.goto(viewerLink);
  await signUpWith(viewer.page, viewer.page.url(), "viewer@example.com", PASSWORD.viewer);
  await expect(viewer.page.getByTestId("my-role")).toHaveText("viewer");
  await viewer.page.goto(flowUrl);
  await expect(viewer.page.locator('.react-flow__node[data-id="http_1"]')).toBeVisible();
  const save = await viewer.page.request.put(`${app.url}/api/flows/${flowId}`, {
    data: { name: "Viewer was here" },
    headers: { origin: app.url },
  });
  expect(save.status()).toBe(403);
  expect((await save.json()).error.message).toContain("editor role");
  const publish = await viewer.page.request.post(`${app.url}/api/flows/${flowId}/publish`, {
    headers: { origin: app.url },
  });
  expect(publish.status()).toBe(403);
  await viewer.page.goto(`${app.url}/flows`);
  await viewer.page.getByRole("button", { name: "New flow" }).click();
  await expect(alertOf(viewer.page)).toContainText("editor role");

  // The owner opens registration; a newcomer gets a workspace of their own and cannot see the flow.
  await page.goto(`${app.url}/settings`);
  await page.getByLabel(/Anyone may sign up/).click(); // saved, then shown from the server
  await expect(page.getByLabel(/Anyone may sign up/)).toBeChecked();
  await signUpWith(anon.page, `${app.url}/sign-up`, "other@example.com", PASSWORD.other);
  await expect(anon.page.getByTestId("my-role")).toHaveText("owner");
  await anon.page.goto(flowUrl);
  await expect(alertOf(anon.page)).toContainText("not found");
  const foreign = await anon.page.request.get(`${app.url}/api/flows/${flowId}`);
  expect(foreign.status()).toBe(404);
  const missing = await anon.page.request.get(`${app.url}/api/flows/flow_doesnotexist000000`);
  expect(await foreign.json()).toEqual({ error: { ...(await missing.json()).error } });
  expect((await (await anon.page.request.get(`${app.url}/api/flows`)).json()).items).toEqual([]);

  // Cross-site form posts with the owner's cookie are refused.
  const csrf = await page.request.post(`${app.url}/api/flows`, {
    data: { name: "csrf" },
    headers: { origin: "http://evil.example" },
  });
  expect(csrf.status()).toBe(403);

  // The audit log: who published, who joined.
  await page.goto(`${app.url}/settings/audit`);
  const audit = page.getByTestId("audit-table");
  await expect(audit.getByRole("row").filter({ hasText: "flow.published" })).toContainText("editor@example.com");
  await expect(audit.getByRole("row").filter({ hasText: "member.joined" }).first()).toBeVisible();
  await expect(audit.getByRole("row").filter({ hasText: "settings.registration_changed" })).toContainText(
    "owner@example.com",
  );

  // Sign out ends the session: the cookie no longer works.
  const before = await editor.context.cookies();
  await ep.goto(`${app.url}/flows`);
  await ep.getByRole("button", { name: "Sign out" }).click();
  await expect(ep).toHaveURL(/\/sign-in$/);
  const stale = before.find((c) => c.name === "hookline.session_token")!;
  const replay = await fetch(`${app.url}/api/flows`, { headers: { cookie: `${stale.name}=${stale.value}` } });
  expect(replay.status).toBe(401);

  // Wrong password: one generic message; then the database rate limit.
  await ep.getByLabel("E-mail").fill("editor@example.com");
  await ep.getByLabel("Password").fill("wrong-password-123");
  await ep.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(ep)).toHaveText("Wrong e-mail or password");
  await ep.getByLabel("E-mail").fill("nobody@example.com");
  await ep.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(ep)).toHaveText("Wrong e-mail or password");
  await ep.getByLabel("E-mail").fill("editor@example.com");
  await ep.getByLabel("Password").fill(PASSWORD.editor);
  await ep.getByRole("button", { name: "Sign in" }).click();
  await expect(ep).toHaveURL(/\/flows$/);

  for (const ctx of [anon.context, editor.context, viewer.context]) await ctx.close();
  expect(consoleErrors).toEqual([]);
});

test("operators' CLI: create a user with an API key, reset a password", async () => {
  const env = { ...process.env, DATABASE_URL: `file:${app.dataDir}/hookline.db`, HOOKLINE_DATA_DIR: app.dataDir };
  const created = await run(
    "npm",
    [
      "run",
      "--silent",
      "hookline",
      "--",
      "user:create",
      "--email",
      "ops@example.com",
      "--password",
      "ops-password-0005",
      "--api-key",
      "--scope",
      "read",
    ],
    { env },
  );
  const key = /api key \(read, shown once\): (hkl_\S+)/.exec(created.stdout)![1]!;
  app.auth.secrets.add(key);
  const list = await fetch(`${app.url}/api/flows`, { headers: { authorization: `Bearer ${key}` } });
  expect(list.status).toBe(200);
  const write = await fetch(`${app.url}/api/flows`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: '{"name":"x"}',
  });
  expect(write.status).toBe(403);
  expect((await fetch(`${app.url}/api/flows`, { headers: { authorization: "Bearer hkl_not-a-key" } })).status).toBe(
    401,
  );

  await run("npm", ["run", "--silent", "hookline", "--", "user:reset-password", "--email", "ops@example.com"], {
    env: { ...env, HOOKLINE_PASSWORD: "ops-password-0006" },
  });
  const signIn = (password: string) =>
    fetch(`${app.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ email: "ops@example.com", password }),
    });
  expect((await signIn("ops-password-0005")).status).toBe(401);
  expect((await signIn("ops-password-0006")).status).toBe(200);

  // Five failures lock the address for 15 minutes, even for the right password (kept in the database).
  for (let i = 0; i < 5; i++) expect((await signIn(`wrong-password-${i}`)).status).toBe(401);
  const locked = await signIn("ops-password-0006");
  expect(locked.status).toBe(429);
  // A reset by the operator lifts the lock.
  await run("npm", ["run", "--silent", "hookline", "--", "user:reset-password", "--email", "ops@example.com"], {
    env: { ...env, HOOKLINE_PASSWORD: "ops-password-0007" },
  });
  expect((await signIn("ops-password-0007")).status).toBe(200);
});

test("the leak check finds a secret in an answer or the log", () => {
  const probe: AppAuth = {
    url: "http://x",
    owner: null,
    secrets: new Set(["sk_live_probe_123456"]),
    answers: [{ what: "GET /api/x", body: '{"v":"sk_live_probe_123456"}' }],
    pending: [],
  };
  expect(findLeaks(probe, "")).toEqual(["sk_…(20 chars) in the answer to GET /api/x"]);
  probe.answers = [];
  expect(findLeaks(probe, "log line sk_live_probe_123456")).toHaveLength(1);
  expect(findLeaks(probe, "clean log")).toEqual([]);
  // The log is JSON lines: a secret with a quote or a backslash is written escaped.
  probe.secrets = new Set(['pa"ss\\word-123']);
  expect(
    findLeaks(probe, JSON.stringify({ level: "error", msg: "sign-in failed", detail: 'pa"ss\\word-123' })),
  ).toHaveLength(1);
});
