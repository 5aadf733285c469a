// The OAuth redirect URL is on the origin the browser used (its Host), not on the server's own
// name in req.url: under `npm start` req.url says localhost, so a person on any other address was
// shown a redirect URL to register that would bring the browser back where its session cookie is
// not sent (found by test/e2e/apps-oauth.spec.ts). The Apps page's client view, the authorization
// URL and the code exchange must all name the same redirect URI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectRoute from "@/app/api/apps/connect/route";
import * as callbackRoute from "@/app/api/oauth/callback/route";
import * as clientRoute from "@/app/api/apps/client/route";
import { newTestWorkspace, signedIn, TEST_ORIGIN, type TestUser } from "../support/auth";
import { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, startFakeGoogle } from "../support/fakes/google";

const BROWSER_HOST = "hookline.example:8443";
const REDIRECT = `http://${BROWSER_HOST}/api/oauth/callback`;

let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
let owner: TestUser;

beforeAll(async () => {
  fake = await startFakeGoogle();
  fake.redirectUris.add(REDIRECT); // the one URL registered at the vendor
  process.env.HOOKLINE_APP_GOOGLESHEETS_BASE_URL = fake.url;
  process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_ID = GOOGLE_CLIENT_ID;
  process.env.HOOKLINE_APP_GOOGLESHEETS_CLIENT_SECRET = GOOGLE_CLIENT_SECRET;
  owner = await signedIn({ workspaceId: await newTestWorkspace("apps oauth origin"), role: "owner" });
});
afterAll(async () => {
  for (const k of ["BASE_URL", "CLIENT_ID", "CLIENT_SECRET"]) delete process.env[`HOOKLINE_APP_GOOGLESHEETS_${k}`];
  await fake?.close();
});

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
/** A request as `next start` hands it over: req.url on the server's own name, the browser's Host. */
const browserRequest = (handler: Handler, path: string, body?: unknown, host = BROWSER_HOST) =>
  handler(
    new Request(`${TEST_ORIGIN}${path}`, {
      method: body ? "POST" : "GET",
      headers: { ...owner.headers(), host, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
    { params: Promise.resolve({}) },
  );

describe("OAuth redirect URL", () => {
  it("is the browser's origin in the client view, the authorization URL and the code exchange", async () => {
    const view = await browserRequest(clientRoute.GET as Handler, "/api/apps/client?app=googlesheets");
    expect(await view.json()).toMatchObject({ redirectUrl: REDIRECT });

    const started = await browserRequest(connectRoute.POST as Handler, "/api/apps/connect", {
      app: "googlesheets",
      name: "Sheets",
    });
    expect(started.status).toBe(201);
    const { id, authorizationUrl } = (await started.json()) as { id: string; authorizationUrl: string };
    expect(new URL(authorizationUrl).searchParams.get("redirect_uri")).toBe(REDIRECT);
    const consent = await fetch(authorizationUrl);
    expect(consent.status).toBe(200); // the fake refuses an unregistered redirect_uri with a 400
    const allow = new URL(/id="allow" href="([^"]+)"/.exec(await consent.text())![1]!.replace(/&amp;/g, "&"));

    const done = await browserRequest(callbackRoute.GET as Handler, `${allow.pathname}${allow.search}`);
    expect(done.headers.get("location")).toBe(`/apps?connected=${id}`);
    const exchange = fake.requests.filter((r) => r.path === "/token").at(-1)!;
    expect(exchange.form.get("redirect_uri")).toBe(REDIRECT);
  });

  it("the code exchange repeats the connect's redirect_uri, whatever Host the callback arrives with", async () => {
    const started = await browserRequest(connectRoute.POST as Handler, "/api/apps/connect", {
      app: "googlesheets",
      name: "Sheets 2",
    });
    const { id, authorizationUrl } = (await started.json()) as { id: string; authorizationUrl: string };
    const consent = await fetch(authorizationUrl);
    const allow = new URL(/id="allow" href="([^"]+)"/.exec(await consent.text())![1]!.replace(/&amp;/g, "&"));
    // Another name for the same server (a second proxy name, an internal address).
    const done = await browserRequest(
      callbackRoute.GET as Handler,
      `${allow.pathname}${allow.search}`,
      undefined,
      "10.0.0.7:3000",
    );
    expect(done.headers.get("location")).toBe(`/apps?connected=${id}`);
    expect(
      fake.requests
        .filter((r) => r.path === "/token")
        .at(-1)!
        .form.get("redirect_uri"),
    ).toBe(REDIRECT);
  });
});
