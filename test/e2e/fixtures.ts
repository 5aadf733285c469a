// The one place e2e specs get `test` and `expect` from, so fixtures every spec needs are added
// here once:
// - every page is signed in as the owner of the app the spec started (startApp() in app.ts creates
//   one), unless the spec started it with `{ owner: false }`;
// - Node `fetch` calls from a spec to that app's /api/* carry the owner's session cookie and the
//   app's Origin (CSRF), unless they send an Authorization or Cookie header of their own;
// - the answers and pages the app sends are recorded, so app.stop() can check that no secret leaked.
import { test as base, type BrowserContext } from "@playwright/test";
import { appFor, latestApp, recordAnswer, recordRequestSecrets } from "./session";

export { expect, type Locator, type Page } from "@playwright/test";

const SKIP = /^\/api\/(hooks|inngest)(\/|$|\?)/;

const g = globalThis as unknown as { __hooklineFetchWrapped?: boolean };
if (!g.__hooklineFetchWrapped) {
  g.__hooklineFetchWrapped = true;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const app = appFor(url);
    const { pathname } = new URL(url, "http://x");
    if (!app || !pathname.startsWith("/api/") || SKIP.test(pathname)) return realFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (app.owner && !headers.has("authorization") && !headers.has("cookie")) {
      headers.set("cookie", app.owner.cookie);
      if (!headers.has("origin")) headers.set("origin", app.url);
    }
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (typeof init?.body === "string") recordRequestSecrets(app, pathname, init.body);
    const res = await realFetch(input, { ...init, headers });
    app.pending.push(
      res
        .clone()
        .text()
        .then((body) => recordAnswer(app, `${method} ${pathname} (fetch)`, pathname, method, body))
        .catch(() => {}),
    );
    return res;
  };
}

/** Records what a browser context sends and receives from the apps (for the leak check). The
 * fixture's context is watched already; call this for contexts a spec opens itself. */
export function watchContext(context: BrowserContext) {
  context.on("request", (req) => {
    const a = appFor(req.url());
    if (a && req.method() !== "GET") recordRequestSecrets(a, new URL(req.url()).pathname, req.postData());
  });
  context.on("response", (res) => {
    const a = appFor(res.url());
    const type = res.headers()["content-type"] ?? "";
    if (!a || !/json|html|text\/x-component/.test(type)) return;
    const { pathname } = new URL(res.url());
    const method = res.request().method();
    a.pending.push(
      res
        .text()
        .then((body) => recordAnswer(a, `${method} ${pathname} (browser)`, pathname, method, body))
        .catch(() => {}),
    );
  });
  return context;
}

export const test = base.extend({
  context: async ({ context }, provide) => {
    const app = latestApp();
    if (app?.owner) {
      const { hostname } = new URL(app.url);
      const cookies = app.owner.cookie.split("; ").map((c) => {
        const i = c.indexOf("=");
        return {
          name: c.slice(0, i),
          value: c.slice(i + 1),
          domain: hostname,
          path: "/",
          httpOnly: true,
          sameSite: "Lax" as const,
        };
      });
      await context.addCookies(cookies);
    }
    watchContext(context);
    await provide(context);
  },
});
