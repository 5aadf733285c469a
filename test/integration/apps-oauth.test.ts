// "Connect account" for an OAuth2 app (Google Sheets) against the fake Google authorization
// server, through the real routes: PKCE code exchange, tokens sealed and never in an answer,
// the state single use, bound to the session that started it and expiring, reconnect, and
// disconnect revoking the grant at the vendor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectRoute from "@/app/api/apps/connect/route";
import * as callbackRoute from "@/app/api/oauth/callback/route";
import * as accountRoute from "@/app/api/apps/accounts/[id]/route";
import * as credentialsRoute from "@/app/api/credentials/route";
import * as clientRoute from "@/app/api/apps/client/route";
import { completeConnect, PENDING_MS } from "@/lib/apps/server/oauth-connect";
import { getDb } from "@/lib/db";
import { newTestWorkspace, signedIn, TEST_ORIGIN, type TestUser } from "../support/auth";
import { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, startFakeGoogle } from "../support/fakes/google";
import { runAppNode } from "../support/fakes/app-test";

let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
let workspaceId: string;
let owner: TestUser;

beforeAll(async () => {
  fake = await startFakeGoogle();
  process.env.HOOKLINE_APP_GOOGLESHEETS_BASE_URL = fake.url;
  process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_ID = GOOGLE_CLIENT_ID;
  process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_SECRET = GOOGLE_CLIENT_SECRET;
  workspaceId = await newTestWorkspace("apps oauth");
  owner = await signedIn({ workspaceId, role: "owner" });
});
afterAll(async () => {
  for (const k of ["BASE_URL", "CLIENT_ID", "CLIENT_SECRET"]) delete process.env[`HOOKLINE_APP_GOOGLESHEETS_${k}`];
  await fake?.close();
});

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
async function call(handler: Handler, who: TestUser, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await handler(
    new Request(`${TEST_ORIGIN}${path}`, {
      method: init.method ?? "GET",
      headers: { ...who.headers(), ...(init.body ? { "content-type": "application/json" } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

/** Starts a connect and follows the fake consent page's "Allow" link: the callback's path. */
async function consent(who: TestUser, body: Record<string, unknown> = {}) {
  const started = await call(connectRoute.POST as Handler, who, "/api/apps/connect", {
    method: "POST",
    body: { app: "googlesheets", name: "Shop sheets", ...body },
  });
  expect(started.status, started.text).toBe(201);
  const { id, authorizationUrl } = JSON.parse(started.text) as { id: string; authorizationUrl: string };
  const auth = new URL(authorizationUrl);
  expect(auth.origin).toBe(fake.url);
  expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
  expect(auth.searchParams.get("access_type")).toBe("offline");
  const page = await (await fetch(authorizationUrl)).text();
  const allow = new URL(/id="allow" href="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, "&"));
  expect(allow.origin + allow.pathname).toBe(`${TEST_ORIGIN}/api/oauth/callback`);
  return { id, callback: `${allow.pathname}${allow.search}` };
}

const connectedIds = async () =>
  ((await (await getDb()).credential.findMany({ where: { workspaceId, type: "app" } })) ?? []).map((r) => r.id);

describe("OAuth2 connect (Google Sheets)", () => {
  it("connects: consent, callback, PKCE code exchange; tokens sealed and never answered", async () => {
    const { id, callback } = await consent(owner);
    const done = await call(callbackRoute.GET as Handler, owner, callback);
    expect(done.status, done.text).toBe(303);
    expect(done.location).toBe(`/apps?connected=${id}`);
    const exchange = fake.requests.filter((r) => r.path === "/token").at(-1)!;
    expect(exchange.form.get("grant_type")).toBe("authorization_code");
    expect(exchange.form.get("code_verifier")).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    const list = await call(credentialsRoute.GET as Handler, owner, "/api/credentials");
    const view = (JSON.parse(list.text) as { items: Array<{ id: string; app?: unknown; hint: string }> }).items.find(
      (c) => c.id === id,
    )!;
    expect(view.app).toEqual({ id: "googlesheets", connected: true });
    const row = await (await getDb()).credential.findUnique({ where: { id } });
    for (const token of [...fake.access, ...fake.refresh]) {
      expect(list.text).not.toContain(token);
      expect(row!.ciphertext).not.toContain(token);
    }
    // The account works in a step.
    const out = await runAppNode(
      "app:googlesheets.appendRow",
      { credentialId: id, spreadsheetId: "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms", sheet: "Orders", values: "a" },
      { workspaceId },
    );
    expect(out.output).toMatchObject({ rows: 1 });
  });

  it("the state is single use: a replayed callback changes nothing", async () => {
    const { callback } = await consent(owner);
    expect((await call(callbackRoute.GET as Handler, owner, callback)).location).toMatch(/^\/apps\?connected=/);
    const tokenCalls = fake.requests.filter((r) => r.path === "/token").length;
    const again = await call(callbackRoute.GET as Handler, owner, callback);
    expect(again.location).toMatch(/^\/apps\?error=/);
    expect(fake.requests.filter((r) => r.path === "/token").length).toBe(tokenCalls);
  });

  it("two callbacks with one state at once: one exchanges the code, the other is refused", async () => {
    const { callback } = await consent(owner);
    const tokenCalls = fake.requests.filter((r) => r.path === "/token").length;
    const both = await Promise.all([
      call(callbackRoute.GET as Handler, owner, callback),
      call(callbackRoute.GET as Handler, owner, callback),
    ]);
    expect(both.map((r) => r.location!.split("=")[0]).sort()).toEqual(["/apps?connected", "/apps?error"]);
    expect(fake.requests.filter((r) => r.path === "/token").length).toBe(tokenCalls + 1);
  });

  it("another person (same workspace, also owner) cannot complete someone's connect; nor after 10 minutes", async () => {
    const other = await signedIn({ workspaceId, role: "owner" });
    const { id, callback } = await consent(owner);
    const stolen = await call(callbackRoute.GET as Handler, other, callback);
    expect(stolen.location).toContain("/apps?error=");
    expect(new URL(stolen.location!, TEST_ORIGIN).searchParams.get("error")).toContain("not valid any more");
    const late = await consent(owner);
    const session = await (await getDb()).session.findFirst({ where: { userId: owner.userId } });
    await expect(
      completeConnect({
        workspaceId,
        userId: owner.userId,
        sessionId: session!.id,
        callbackUrl: new URL(`${TEST_ORIGIN}${late.callback}`),
        requestOrigin: TEST_ORIGIN,
        now: Date.now() + PENDING_MS + 1000,
      }),
    ).rejects.toThrow(/not valid any more/);
    // The owner's own, in time, still completes.
    expect((await call(callbackRoute.GET as Handler, owner, callback)).location).toBe(`/apps?connected=${id}`);
  });

  it("a denied consent comes back as the vendor's error", async () => {
    const { callback } = await consent(owner);
    const denied = callback.replace(/code=[^&]+/, "error=access_denied&error_description=The+user+denied+access");
    const res = await call(callbackRoute.GET as Handler, owner, denied);
    expect(new URL(res.location!, TEST_ORIGIN).searchParams.get("error")).toContain(
      "did not connect: The user denied access",
    );
  });

  it("disconnect revokes the grant at the vendor and deletes the account", async () => {
    const { id, callback } = await consent(owner);
    await call(callbackRoute.GET as Handler, owner, callback);
    const refreshToken = [...fake.refresh].at(-1)!;
    const res = await accountRoute.DELETE(
      new Request(`${TEST_ORIGIN}/api/apps/accounts/${id}`, { method: "DELETE", headers: owner.headers() }),
      { params: Promise.resolve({ id }) },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ revoked: true });
    expect(fake.revoked).toContain(refreshToken);
    expect(await connectedIds()).not.toContain(id);
  });

  it("the client settings show the redirect URL and never the secret", async () => {
    const res = await call(clientRoute.GET as Handler, owner, "/api/apps/client?app=googlesheets");
    expect(JSON.parse(res.text)).toMatchObject({
      clientId: GOOGLE_CLIENT_ID,
      hasSecret: true,
      source: "env",
      redirectUrl: `${TEST_ORIGIN}/api/oauth/callback`,
    });
    expect(res.text).not.toContain(GOOGLE_CLIENT_SECRET);
  });

  it("the generic credential API refuses to store OAuth tokens by hand", async () => {
    const res = await call(credentialsRoute.POST as Handler, owner, "/api/credentials", {
      method: "POST",
      body: {
        name: "forged",
        type: "app",
        value: { app: "googlesheets", auth: { status: "connected", accessToken: "x" } },
      },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Connect account");
  });
});
