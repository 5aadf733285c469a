// The HTTP request node against a real local server: templated requests, the Idempotency-Key,
// how answers become output, and which failures are permanent and which are retried.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpExecutor, type HttpInput } from "@/lib/engine/executors/http";
import type { Scope } from "@/lib/engine/scope";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { httpRequest, type HttpRequestConfig } from "@/lib/nodes/kinds/http";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { freePort } from "../support/ports";
import { startTarget, type Responder } from "../support/target-server";

let target: Awaited<ReturnType<typeof startTarget>>;

// One target, answering by path: /status/<code>[?retryAfter=…], /slow, /text, /moved,
// /redirect?to=<url>[&status=<3xx>], /echo-key.
const respond: Responder = (req): ReturnType<Responder> => {
  const url = new URL(req.path, "http://target");
  const status = Number(/^\/status\/(\d+)$/.exec(url.pathname)?.[1] ?? 200);
  const retryAfter = url.searchParams.get("retryAfter");
  if (url.pathname === "/slow") return { delayMs: 2_000 };
  if (url.pathname === "/text") return { headers: { "content-type": "text/plain" }, body: { looks: "like json" } };
  if (url.pathname === "/moved") return { status: 302, headers: { location: "/elsewhere" } };
  if (url.pathname === "/redirect")
    return {
      status: Number(url.searchParams.get("status") ?? 307),
      headers: { location: url.searchParams.get("to")! },
    };
  // An error page that quotes what it was sent, as some APIs do.
  if (url.pathname === "/echo-key")
    return {
      status: 401,
      text: `invalid key ${String(req.headers["x-api-key"])} for ${String(req.headers.authorization)}`,
    };
  return {
    status,
    body: { id: "card_1", echo: req.json ?? null },
    headers: { "x-request-id": "req_9", ...(retryAfter ? { "retry-after": retryAfter } : {}) },
  };
};

beforeAll(async () => {
  target = await startTarget(respond);
});
afterAll(() => target?.close());

const scope: Scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: { plan: "pro" },
    body: { amount: 2000, currency: "usd", paid: true, customer: { id: "cus_1", email: "ada@example.com" } },
    receivedAt: "2026-11-22T13:14:06.000Z",
  },
  nodes: { auth: { status: 200, body: { token: "tok_1" } } },
};
const ctx = { runId: "run_1", nodeId: "http_1", attempt: 0, idempotencyKey: "run_1:http_1" };
const config = (c: Partial<HttpRequestConfig>): HttpRequestConfig =>
  httpRequest.config.parse({ method: "POST", url: `${target.url}/`, timeoutMs: 5_000, ...c });
const input = (c: Partial<HttpInput>): HttpInput => ({
  method: "POST",
  url: `${target.url}/`,
  headers: {},
  body: undefined,
  timeoutMs: 5_000,
  ...c,
});

/** The error a run rejects with (fails the test when it succeeds). */
async function failure(run: Promise<unknown>): Promise<Error> {
  const outcome = await run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

describe("the request a node sends", () => {
  it("resolves templates in the URL, headers and body, a lone reference keeping its type", async () => {
    const { input: resolved, missing } = httpExecutor.resolve(
      config({
        url: `${target.url}/customers/{{ trigger.body.customer.id }}?plan={{ trigger.query.plan }}`,
        headers: [
          { name: "Authorization", value: "Bearer {{ nodes.auth.body.token }}" },
          { name: "X-Amount", value: "{{ trigger.body.amount }}" },
        ],
        body: '{"amount":"{{ trigger.body.amount }}","paid":"{{ trigger.body.paid }}","customer":"{{ trigger.body.customer }}","note":"Paid {{ trigger.body.currency }}","gone":"{{ trigger.body.nope }}"}',
      }),
      scope,
    );
    expect(missing).toEqual(["trigger.body.nope"]);
    expect(resolved.url).toBe(`${target.url}/customers/cus_1?plan=pro`);
    expect(resolved.headers).toEqual({ Authorization: "Bearer tok_1", "X-Amount": "2000" });
    expect(resolved.body).toEqual({
      amount: 2000,
      paid: true,
      customer: { id: "cus_1", email: "ada@example.com" },
      note: "Paid usd",
      gone: undefined,
    });

    await httpExecutor.run(resolved, ctx);
    const sent = target.received.at(-1)!;
    expect(sent).toMatchObject({ method: "POST", path: "/customers/cus_1?plan=pro" });
    expect(sent.headers).toMatchObject({
      authorization: "Bearer tok_1",
      "x-amount": "2000",
      "idempotency-key": "run_1:http_1",
      "content-type": "application/json",
    });
    expect(sent.json).toEqual({
      amount: 2000,
      paid: true,
      customer: { id: "cus_1", email: "ada@example.com" },
      note: "Paid usd",
    });
  });

  // The node's headers are spread over the defaults, so they are meant to win; header names are
  // case-insensitive, so "User-Agent" must replace "user-agent" rather than be joined to it.
  it("lets a header set on the node replace a default of the same name, whatever its case", async () => {
    await httpExecutor.run(input({ headers: { "User-Agent": "Acme/1.0", "Idempotency-Key": "evt_1" } }), ctx);
    expect(target.received.at(-1)!.headers).toMatchObject({ "user-agent": "Acme/1.0", "idempotency-key": "evt_1" });
  });

  it("sends no body with a GET", async () => {
    await httpExecutor.run(input({ method: "GET", url: `${target.url}/get`, body: { ignored: true } }), ctx);
    expect(target.received.at(-1)).toMatchObject({ method: "GET", path: "/get", body: "" });
  });
});

describe("the node's output", () => {
  it("holds the status, the headers and the parsed JSON body", async () => {
    const output = await httpExecutor.run(input({ url: `${target.url}/status/201`, body: { n: 1 } }), ctx);
    expect(output).toMatchObject({
      status: 201,
      headers: { "x-request-id": "req_9", "content-type": "application/json" },
      body: { id: "card_1", echo: { n: 1 } },
    });
  });

  it("keeps a body that is not declared JSON as text", async () => {
    expect(await httpExecutor.run(input({ url: `${target.url}/text` }), ctx)).toMatchObject({
      status: 200,
      body: '{"looks":"like json"}',
    });
  });

  it("returns a redirect as it is, without following it", async () => {
    const before = target.received.length;
    expect(await httpExecutor.run(input({ url: `${target.url}/moved` }), ctx)).toMatchObject({
      status: 302,
      headers: { location: "/elsewhere" },
    });
    expect(target.received.length).toBe(before + 1);
  });
});

describe("failures that retrying cannot fix", () => {
  it.each([400, 404, 422])("a %i answer is permanent", async (status) => {
    const error = await failure(httpExecutor.run(input({ url: `${target.url}/status/${status}` }), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain(`answered ${status}`);
  });

  // A header that resolved to a value HTTP cannot carry fails the same way on every attempt.
  it("a header value with a line break is permanent, and nothing is sent", async () => {
    const before = target.received.length;
    expect(await failure(httpExecutor.run(input({ headers: { "X-Note": "line one\nline two" } }), ctx))).toBeInstanceOf(
      PermanentError,
    );
    expect(target.received.length).toBe(before);
  });

  it.each(["file:///etc/passwd", "not a url"])("the URL %j is permanent, and nothing is sent", async (url) => {
    const before = target.received.length;
    expect(await failure(httpExecutor.run(input({ url }), ctx))).toBeInstanceOf(PermanentError);
    expect(target.received.length).toBe(before);
  });
});

describe("failures worth retrying", () => {
  it.each([408, 425, 429, 500, 503])("a %i answer is retried", async (status) => {
    const error = await failure(httpExecutor.run(input({ url: `${target.url}/status/${status}` }), ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error).not.toBeInstanceOf(RetryLaterError);
    expect(error.message).toContain(`answered ${status}`);
  });

  it.each([429, 503])("a %i answer with Retry-After: 2 is retried after 2 seconds", async (status) => {
    const error = await failure(httpExecutor.run(input({ url: `${target.url}/status/${status}?retryAfter=2` }), ctx));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(2000);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const at = encodeURIComponent(new Date(Date.now() + 60_000).toUTCString());
    const error = await failure(httpExecutor.run(input({ url: `${target.url}/status/503?retryAfter=${at}` }), ctx));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBeGreaterThan(50_000);
    expect((error as RetryLaterError).retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("a target slower than the node's timeout is retried", async () => {
    const error = await failure(httpExecutor.run(input({ url: `${target.url}/slow`, timeoutMs: 200 }), ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toContain("timed out");
  });

  it("a refused connection is retried", async () => {
    const port = await freePort();
    const error = await failure(httpExecutor.run(input({ url: `http://127.0.0.1:${port}/hook` }), ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toContain("ECONNREFUSED");
  });
});

describe("query, form and raw bodies", () => {
  it("appends templated query parameters to the URL, encoded", async () => {
    const { input: resolved } = httpExecutor.resolve(
      config({
        method: "GET",
        url: `${target.url}/search?fixed=1`,
        query: [
          { name: "email", value: "{{ trigger.body.customer.email }}" },
          { name: "q", value: "a b&c" },
        ],
      }),
      scope,
    );
    await httpExecutor.run(resolved, ctx);
    expect(target.received.at(-1)!.path).toBe("/search?fixed=1&email=ada%40example.com&q=a+b%26c");
  });

  it("sends form fields as application/x-www-form-urlencoded", async () => {
    const { input: resolved } = httpExecutor.resolve(
      config({
        bodyType: "form",
        form: [
          { name: "amount", value: "{{ trigger.body.amount }}" },
          { name: "note", value: "paid & done" },
        ],
      }),
      scope,
    );
    await httpExecutor.run(resolved, ctx);
    const sent = target.received.at(-1)!;
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent.body).toBe("amount=2000&note=paid+%26+done");
  });

  it("sends a raw body as templated text with its content type", async () => {
    const { input: resolved } = httpExecutor.resolve(
      config({ bodyType: "raw", contentType: "application/xml", body: '<order amount="{{ trigger.body.amount }}"/>' }),
      scope,
    );
    await httpExecutor.run(resolved, ctx);
    const sent = target.received.at(-1)!;
    expect(sent.headers["content-type"]).toBe("application/xml");
    expect(sent.body).toBe('<order amount="2000"/>');
  });

  it("refuses a JSON body that does not parse, naming the field", () => {
    const parsed = httpRequest.config.safeParse({ url: "https://example.com", body: "{nope" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ["body"] });
    expect(httpRequest.config.safeParse({ url: "https://example.com", bodyType: "raw", body: "{nope" }).success).toBe(
      true,
    );
  });
});

describe("response parsing and success statuses", () => {
  it("parses the body as JSON when told to, whatever the content type", async () => {
    expect(await httpExecutor.run(input({ url: `${target.url}/text`, responseFormat: "json" }), ctx)).toMatchObject({
      body: { looks: "like json" },
    });
  });

  it("keeps a JSON body as text when told to", async () => {
    expect(
      await httpExecutor.run(input({ url: `${target.url}/status/200`, responseFormat: "text" }), ctx),
    ).toMatchObject({ body: '{"id":"card_1","echo":null}' });
  });

  it("counts a listed status as success (404 for 'not there yet' lookups)", async () => {
    expect(
      await httpExecutor.run(input({ url: `${target.url}/status/404`, successStatuses: "200-299, 404" }), ctx),
    ).toMatchObject({ status: 404 });
  });

  it("fails permanently on an unlisted 3xx", async () => {
    expect(
      await failure(httpExecutor.run(input({ url: `${target.url}/moved`, successStatuses: "2xx" }), ctx)),
    ).toBeInstanceOf(PermanentError);
  });

  it("rejects a bad status list in the config", () => {
    const parsed = httpRequest.config.safeParse({ url: "https://example.com", successStatuses: "200-299, abc" });
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["successStatuses"],
      message: expect.stringContaining('"abc"'),
    });
  });
});

describe("auth from a stored credential", () => {
  let workspaceId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const db = await getDb();
    workspaceId = (await db.workspace.create({ data: { id: newId("ws"), name: "http auth" } })).id;
    ids.bearer = (
      await createCredential(workspaceId, { name: "CRM token", type: "bearer-token", value: "tok_live_secret_123" })
    ).id;
    ids.basic = (
      await createCredential(workspaceId, {
        name: "Shop login",
        type: "basic-auth",
        value: { username: "shop", password: "p@ss:word" },
      })
    ).id;
    ids.header = (
      await createCredential(workspaceId, {
        name: "API key",
        type: "header",
        value: { name: "X-Api-Key", value: "key_123" },
      })
    ).id;
  });
  const wsCtx = () => ({ ...ctx, workspaceId });
  const otherWorkspace = { ...ctx, workspaceId: "ws_other" };

  it.each([
    ["bearer", "authorization", "Bearer tok_live_secret_123"],
    ["basic", "authorization", `Basic ${Buffer.from("shop:p@ss:word").toString("base64")}`],
    ["header", "x-api-key", "key_123"],
  ] as const)("%s auth sends the credential, and the recorded input holds only its id", async (auth, header, value) => {
    const { input: resolved } = httpExecutor.resolve(
      config({ auth, credentialId: ids[auth]!, headers: [{ name: "Authorization", value: "from the node" }] }),
      scope,
    );
    expect(JSON.stringify(resolved)).not.toContain(value.split(" ").at(-1)!);
    await httpExecutor.run(resolved, wsCtx());
    expect(target.received.at(-1)!.headers[header]).toBe(value);
  });

  it("a credential of another type or another workspace fails permanently, and nothing is sent", async () => {
    const before = target.received.length;
    const wrongType = await failure(httpExecutor.run(input({ auth: "bearer", credentialId: ids.basic! }), wsCtx()));
    expect(wrongType).toBeInstanceOf(PermanentError);
    expect(wrongType.message).toContain("not a bearer-token");
    expect(
      await failure(httpExecutor.run(input({ auth: "bearer", credentialId: ids.bearer! }), otherWorkspace)),
    ).toBeInstanceOf(PermanentError);
    expect(target.received.length).toBe(before);
  });

  // The Headers constructor's error quotes the value it refuses: the secret, into the run history.
  it("a credential value with a line break fails permanently, naming the credential and the header, never the value", async () => {
    const header = (
      await createCredential(workspaceId, {
        name: "Broken key",
        type: "header",
        value: { name: "X-Api-Key", value: "key_s3cret_42\r\nX-Injected: 1" },
      })
    ).id;
    const bearer = (
      await createCredential(workspaceId, {
        name: "Broken token",
        type: "bearer-token",
        value: "tok_s3cret_43\nX-Injected: 1",
      })
    ).id;
    const before = target.received.length;
    const headerError = await failure(httpExecutor.run(input({ auth: "header", credentialId: header }), wsCtx()));
    expect(headerError).toBeInstanceOf(PermanentError);
    expect(headerError.message).toBe(
      `Credential ${header}: its value for the X-Api-Key header contains a line break or another character a header cannot carry; edit the credential`,
    );
    const bearerError = await failure(httpExecutor.run(input({ auth: "bearer", credentialId: bearer }), wsCtx()));
    expect(bearerError.message).toContain(`Credential ${bearer}: its value for the authorization header`);
    for (const e of [headerError, bearerError]) expect(`${e.message}\n${e.stack}`).not.toMatch(/s3cret/);
    expect(target.received.length).toBe(before);
  });

  it("a node's literal header value that HTTP cannot carry is refused by the header's name, not its value", async () => {
    const error = await failure(
      httpExecutor.run(input({ headers: { "X-Token": "tok_literal_s3cret\r\nX-Injected: 1" } }), ctx),
    );
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(
      "Header X-Token: the value contains a line break or another character a header cannot carry",
    );
    expect(error.stack).not.toContain("s3cret");
  });

  it("a server that quotes the credential in its error answer: the step error shows [credential] instead", async () => {
    const headerError = await failure(
      httpExecutor.run(input({ url: `${target.url}/echo-key`, auth: "header", credentialId: ids.header! }), wsCtx()),
    );
    expect(headerError.message).toContain("answered 401: invalid key [credential]");
    expect(`${headerError.message}\n${headerError.stack}`).not.toContain("key_123");
    const bearerError = await failure(
      httpExecutor.run(input({ url: `${target.url}/echo-key`, auth: "bearer", credentialId: ids.bearer! }), wsCtx()),
    );
    expect(bearerError.message).toContain("for Bearer [credential]");
    expect(`${bearerError.message}\n${bearerError.stack}`).not.toContain("tok_live_secret_123");
  });

  it("requires a credential when auth is on", () => {
    expect(httpRequest.config.safeParse({ url: "https://example.com", auth: "bearer" }).error?.issues[0]).toMatchObject(
      { path: ["credentialId"] },
    );
  });
});

describe("redirects", () => {
  let other: Awaited<ReturnType<typeof startTarget>>;
  let workspaceId: string;
  let apiKey: string;
  beforeAll(async () => {
    // Another origin: the same address, another port (both opened by HOOKLINE_ALLOW_HOSTS=127.0.0.1).
    other = await startTarget();
    const db = await getDb();
    workspaceId = (await db.workspace.create({ data: { id: newId("ws"), name: "http redirects" } })).id;
    apiKey = (
      await createCredential(workspaceId, {
        name: "API key",
        type: "header",
        value: { name: "X-Api-Key", value: "key_for_first_origin" },
      })
    ).id;
  });
  afterAll(() => other?.close());
  const wsCtx = () => ({ ...ctx, workspaceId });

  it("follows them when asked, turning a POST into a GET on 302", async () => {
    const out = await httpExecutor.run(
      input({ url: `${target.url}/moved`, followRedirects: true, body: { a: 1 } }),
      ctx,
    );
    expect(out).toMatchObject({ status: 200 });
    expect(target.received.at(-1)).toMatchObject({ method: "GET", path: "/elsewhere", body: "" });
  });

  const secretHeaders = {
    Authorization: "Bearer tok_literal",
    "X-Custom-Token": "tok_typed_in_the_node",
    Cookie: "sid=1",
    "Proxy-Authorization": "Basic eA==",
  };
  const redirected = (to: string) =>
    input({
      url: `${target.url}/redirect?to=${encodeURIComponent(to)}`,
      followRedirects: true,
      body: { a: 1 },
      headers: { ...secretHeaders, Accept: "application/json" },
      auth: "header",
      credentialId: apiKey,
    });

  it("to another origin, sends neither the credential's header nor the node's own headers, only the safe ones", async () => {
    const out = await httpExecutor.run(redirected(`${other.url}/landed`), wsCtx());
    expect(out).toMatchObject({ status: 200 });
    expect(target.received.at(-1)!.headers["x-api-key"]).toBe("key_for_first_origin");
    const landed = other.received.at(-1)!;
    // 307 keeps the method and the body, so their content type goes too.
    expect(landed).toMatchObject({ method: "POST", path: "/landed", json: { a: 1 } });
    expect(
      Object.keys(landed.headers)
        .filter((h) => !["host", "connection", "content-length"].includes(h))
        .sort(),
    ).toEqual(["accept", "content-type", "idempotency-key", "user-agent"]);
    expect(JSON.stringify(landed.headers)).not.toMatch(/key_for_first_origin|tok_literal|tok_typed|sid=1/);
  });

  it("to the same origin, keeps every header", async () => {
    await httpExecutor.run(redirected("/landed-here"), wsCtx());
    expect(target.received.at(-1)).toMatchObject({
      path: "/landed-here",
      headers: {
        "x-api-key": "key_for_first_origin",
        authorization: "Bearer tok_literal",
        "x-custom-token": "tok_typed_in_the_node",
        cookie: "sid=1",
      },
    });
  });
});
