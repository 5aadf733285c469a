// Apps with OAuth2 in Chromium (issue 22), against a local fake of Google (its consent page, token
// endpoint checking PKCE S256, the client and the redirect URI, its revocation endpoint, and the
// Sheets/Drive API) and a fake Slack webhook:
// 1. the owner enters the OAuth client on /apps, registers the redirect URL the page shows at the
//    fake, clicks Connect account, allows on the consent page and lands back connected;
// 2. a flow is built in the editor from the "Shopify order → Google Sheets row + Slack" template
//    (signing secret, the connected account, the spreadsheet picked from the vendor's list, the
//    Slack webhook), published, and a Shopify-signed order runs it: the row reaches the fake sheet,
//    the message the fake Slack;
// 3. the vendor ends the token early: the next run refreshes once on the 401; the new token is
//    short-lived (expires_in 30 s, inside the app's 60 s margin): the run after it refreshes before
//    calling, again once;
// 4. Disconnect revokes the grant at the fake and the account leaves the page;
// 5. no token the fake issued, nor the client secret, is in an answer the browser or the spec
//    received (run details included) or in the app's log (app.checkSecrets, findLeaks).
import { createHash, createHmac, randomUUID } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, SPREADSHEET_ID, startFakeGoogle } from "../support/fakes/google";
import type { FakeRequest } from "../support/fakes/harness";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

let app: App;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let slack: Awaited<ReturnType<typeof startTarget>>;

test.beforeAll(async () => {
  google = await startFakeGoogle();
  slack = await startTarget(() => ({ text: "ok", headers: { "content-type": "text/plain" } }));
  // Only the vendor's origin comes from the environment: the client is entered on the page.
  app = await startApp({ env: { HOOKLINE_APP_GOOGLESHEETS_BASE_URL: google.url } });
});
test.afterAll(async () => {
  await app?.stop();
  await google?.close();
  await slack?.close();
});

const SHOTS = "test-results/screenshots";
const SHOPIFY_SECRET = `shpss_${randomUUID().replaceAll("-", "")}`;
const TEMPLATE = "Shopify order → Google Sheets row + Slack";

/** Posts an order the way Shopify does (HMAC-SHA256 of the raw body, base64); returns the delivery id. */
async function shopifyOrder(webhookUrl: string, n: number) {
  const text = JSON.stringify({
    id: n,
    name: `#${n}`,
    email: `buyer${n}@example.com`,
    total_price: `${n % 100}.50`,
    currency: "EUR",
    created_at: "2026-12-06T05:00:00Z",
  });
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-shop-domain": "example.myshopify.com",
      "x-shopify-hmac-sha256": createHmac("sha256", SHOPIFY_SECRET).update(text, "utf8").digest("base64"),
    },
    body: text,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

type RunSummary = { id: string; status: string; error: string | null };
type RunDetail = {
  run: RunSummary;
  steps: Array<{ nodeId: string; status: string; input: unknown; output: unknown }>;
};

/** Waits for the delivery's run to finish (API), then sees it succeeded in the run history UI. */
async function succeededRun(page: Page, deliveryId: string): Promise<RunDetail> {
  let run: RunSummary | undefined;
  await expect
    .poll(
      async () => {
        run = (await app.api<{ items: RunSummary[] }>(`/api/runs?deliveryId=${deliveryId}`)).items[0];
        return run && !["queued", "running"].includes(run.status) ? run.status : "unfinished";
      },
      { timeout: 60_000 },
    )
    .not.toBe("unfinished");
  expect(run!.status, run!.error ?? "").toBe("succeeded");
  await page.goto(`${app.url}/runs`);
  const row = page.getByTestId("run-row").filter({ has: page.locator(`a[href="/runs/${run!.id}"]`) });
  await expect(row.getByTestId("run-status")).toHaveText("succeeded");
  await row.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(`${app.url}/runs/${run!.id}`);
  await expect(page.getByTestId("run-status")).toHaveText("succeeded");
  for (const step of ["sheet_1", "slack_1"]) await expect(page.getByTestId(`step-${step}`)).toContainText("succeeded");
  return app.api<RunDetail>(`/api/runs/${run!.id}`);
}

const bearer = (r: FakeRequest) => /^Bearer (.+)$/.exec(r.headers.authorization ?? "")?.[1];
const tokenCalls = (grant: string, from = 0) =>
  google.requests.slice(from).filter((r) => r.path === "/token" && r.form.get("grant_type") === grant);
const appends = (from: number) => google.requests.slice(from).filter((r) => r.path.endsWith(":append"));

test("connect Google Sheets with OAuth2, run the apps template, refresh, disconnect; no token leaks", async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on("pageerror", (e) => consoleErrors.push(e.message));

  // 1. The OAuth client, the redirect URL to register, Connect account, consent, back connected.
  await page.goto(`${app.url}/apps`);
  const card = page.locator("section#googlesheets");
  await expect(card).toContainText("An owner first enters this app's OAuth client below.");
  await card.getByText("OAuth client (owner)").click();
  const redirectUrl = ((await card.locator("code").textContent()) ?? "").trim();
  expect(redirectUrl).toBe(`${app.url}/api/oauth/callback`);
  google.redirectUris.add(redirectUrl); // as a person does in Google's console
  await card.getByLabel("Client id", { exact: true }).fill(GOOGLE_CLIENT_ID);
  await card.getByLabel("Client secret").fill(GOOGLE_CLIENT_SECRET);
  await card.getByRole("button", { name: "Save client" }).click();
  await expect(card.getByText("(set; leave empty to keep)")).toBeVisible();
  await card.getByLabel("Account name").fill("Shop sheets");
  await card.getByRole("button", { name: "Connect account" }).click();

  await expect(page).toHaveURL(new RegExp(`^${google.url}/o/oauth2/v2/auth\\?`));
  await expect(page.getByRole("heading", { name: "Hookline wants to access your Google Account" })).toBeVisible();
  const authorize = new URL(page.url()).searchParams;
  expect(Object.fromEntries(authorize)).toMatchObject({
    client_id: GOOGLE_CLIENT_ID,
    redirect_uri: redirectUrl,
    response_type: "code",
    code_challenge_method: "S256",
    access_type: "offline",
  });
  await page.screenshot({ path: `${SHOTS}/apps-oauth-consent.png` });
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page).toHaveURL(new RegExp(`^${app.url}/apps\\?connected=cred_`));
  await expect(page.getByText("Account connected.")).toBeVisible();
  await expect(card.getByRole("listitem")).toHaveText(/^Shop sheets\s*Disconnect$/);
  await card.screenshot({ path: `${SHOTS}/apps-oauth-connected.png` });
  // The code exchange: the client (client_secret_post), the same redirect URI, and the PKCE verifier
  // whose S256 hash is the challenge the browser carried (the fake refuses anything else).
  const [exchange] = tokenCalls("authorization_code");
  expect(tokenCalls("authorization_code")).toHaveLength(1);
  expect(exchange!.form.get("client_id")).toBe(GOOGLE_CLIENT_ID);
  expect(exchange!.form.get("client_secret")).toBe(GOOGLE_CLIENT_SECRET);
  expect(exchange!.form.get("redirect_uri")).toBe(redirectUrl);
  const verifier = exchange!.form.get("code_verifier") ?? "";
  expect(createHash("sha256").update(verifier).digest("base64url")).toBe(authorize.get("code_challenge"));
  const [firstAccess, refreshToken] = google.issued;

  // 2. A flow from the apps template, filled in the editor.
  const credential = (body: { name: string; type: string; value: string }) =>
    app.api<{ id: string }>("/api/credentials", { method: "POST", body: JSON.stringify(body) });
  const secret = await credential({ name: "Shopify signing secret", type: "webhook-secret", value: SHOPIFY_SECRET });
  const slackHook = await credential({
    name: "Orders channel",
    type: "slack-webhook-url",
    value: `${slack.url}/services/T0001/B0001/${randomUUID().replaceAll("-", "")}`,
  });
  await page.goto(`${app.url}/flows`);
  await page.getByRole("button", { name: `Use template: ${TEMPLATE}` }).click();
  await expect(page).toHaveURL(/\/flows\/flow_/);
  await expect(page.getByLabel("Flow name")).toHaveValue(TEMPLATE);
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.getByTestId("issues")).toContainText("Choose the signing secret");

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const panel = page.getByTestId("config-panel");
  await node("trigger").click();
  await panel.getByLabel("Signing secret").selectOption(secret.id);
  await node("sheet_1").click();
  await panel.getByLabel("Google Sheets account").selectOption({ label: "Shop sheets" });
  // The spreadsheets and their tabs come from the fake, fetched with the connected account.
  await panel.getByLabel("Spreadsheet: choose").selectOption({ label: "Orders 2026" });
  await expect(panel.getByLabel("Spreadsheet", { exact: true })).toHaveValue(SPREADSHEET_ID);
  await expect(panel.getByLabel("Sheet (tab): choose")).toHaveValue("Orders");
  await node("slack_1").click();
  await panel.getByLabel("Slack webhook").selectOption(slackHook.id);
  await expect(page.getByTestId("issues")).toHaveCount(0);
  await node("sheet_1").click();
  await page.screenshot({ path: `${SHOTS}/apps-oauth-template-flow.png` });
  await expect(page.getByTestId("save-state")).toHaveText("Saved", { timeout: 10_000 });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("published-version")).toHaveText("v1");
  const webhookUrl = /(http:\/\/\S+\/api\/hooks\/[A-Za-z0-9_-]+)/.exec(
    (await page.getByTestId("webhook-url").textContent()) ?? "",
  )![1]!;
  const pickerCalls = google.requests.filter((r) => /^\/(drive\/v3\/files|v4\/spreadsheets\/[^/]+)$/.test(r.path));
  expect(pickerCalls.map((r) => [r.path, bearer(r)])).toEqual([
    ["/drive/v3/files", firstAccess],
    [`/v4/spreadsheets/${SPREADSHEET_ID}`, firstAccess],
  ]);

  // A Shopify order runs it with the connected account's token: the row and the Slack message.
  let mark = google.requests.length;
  const runs = [await succeededRun(page, await shopifyOrder(webhookUrl, 1001))];
  expect(google.rows.at(-1)).toEqual(["#1001", "buyer1001@example.com", "1.50", "2026-12-06T05:00:00Z"]);
  expect(slack.received.at(-1)!.json).toMatchObject({ text: "New order #1001: 1.50 EUR" });
  expect(appends(mark).map(bearer)).toEqual([firstAccess]);
  expect(tokenCalls("refresh_token")).toHaveLength(0);

  // 3a. Google ends the token early (401): the step refreshes once and sends again.
  google.tokenLifetime.seconds = 30; // the new token lapses inside the app's 60 s margin
  google.access.delete(firstAccess!);
  mark = google.requests.length;
  runs.push(await succeededRun(page, await shopifyOrder(webhookUrl, 1002)));
  const onRefused = tokenCalls("refresh_token", mark);
  expect(onRefused.map((r) => r.form.get("refresh_token"))).toEqual([refreshToken]);
  const secondAccess = google.issued.at(-1);
  // Sent with the ended token, refused, refreshed, sent again with the new one.
  const order = (r: FakeRequest) => google.requests.indexOf(r);
  expect(appends(mark).map(bearer)).toEqual([firstAccess, secondAccess]);
  expect(order(appends(mark)[0]!)).toBeLessThan(order(onRefused[0]!));
  expect(order(onRefused[0]!)).toBeLessThan(order(appends(mark)[1]!));
  expect(google.rows.at(-1)![0]).toBe("#1002");

  // 3b. That token expires within 60 s: the next run refreshes before its call, once, no 401.
  mark = google.requests.length;
  runs.push(await succeededRun(page, await shopifyOrder(webhookUrl, 1003)));
  const refreshed = tokenCalls("refresh_token", mark);
  expect(refreshed.map((r) => r.form.get("refresh_token"))).toEqual([refreshToken]);
  const thirdAccess = google.issued.at(-1);
  expect(thirdAccess).not.toBe(secondAccess);
  expect(appends(mark).map(bearer)).toEqual([thirdAccess]);
  expect(order(refreshed[0]!)).toBeLessThan(order(appends(mark)[0]!));
  expect(google.rows.at(-1)).toEqual(["#1003", "buyer1003@example.com", "3.50", "2026-12-06T05:00:00Z"]);
  expect(slack.received.map((r) => (r.json as { text: string }).text)).toEqual([
    "New order #1001: 1.50 EUR",
    "New order #1002: 2.50 EUR",
    "New order #1003: 3.50 EUR",
  ]);

  // 4. Disconnect: the grant is revoked at Google (its refresh token) and the account is gone.
  await page.goto(`${app.url}/apps`);
  await card
    .getByRole("listitem")
    .filter({ hasText: "Shop sheets" })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expect(card.getByRole("listitem")).toHaveCount(0);
  expect(google.revoked).toEqual([refreshToken]);
  expect(google.refresh.has(refreshToken!)).toBe(false);
  await page.reload();
  await expect(card.getByRole("heading", { name: "Google Sheets" })).toBeVisible();
  await expect(card.getByRole("listitem")).toHaveCount(0);

  // 5. The leak check: every token Google issued and the client secret are secrets; the run
  //    records (fetched here, so recorded), the browser's answers and the app's log hold none.
  for (const run of runs) {
    const detail = await app.api<RunDetail>(`/api/runs/${run.run.id}`);
    expect(detail.steps.find((s) => s.nodeId === "sheet_1")).toMatchObject({
      status: "succeeded",
      input: expect.objectContaining({ credentialId: expect.stringMatching(/^cred_/) }),
      output: expect.objectContaining({ rows: 1 }),
    });
  }
  expect(google.issued).toHaveLength(4); // 3 access tokens and the refresh token
  for (const s of [...google.issued, GOOGLE_CLIENT_SECRET]) app.auth.secrets.add(s);
  const checked = await app.checkSecrets();
  expect(checked.secrets).toBeGreaterThanOrEqual(google.issued.length + 1);
  const seen = app.auth.answers.map((a) => a.what);
  for (const what of ["GET /apps (browser)", "GET /api/credentials (browser)", "GET /api/apps/client (browser)"])
    expect(seen).toContain(what);
  expect(seen.filter((w) => w.startsWith("GET /api/runs/run_")).length).toBeGreaterThanOrEqual(runs.length);
  expect(consoleErrors).toEqual([]);
});
