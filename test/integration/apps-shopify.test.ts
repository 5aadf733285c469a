// Shopify Admin against a local fake of its GraphQL Admin API (2026-01): each operation's documented
// mutation or query with the token in X-Shopify-Access-Token, the clean output, numeric ids or
// GIDs, userErrors and GraphQL errors as permanent step errors in Shopify's words, 401 → "check the
// account", 429 with Retry-After and THROTTLED → retried after the wait, the location picker, an
// adjustment's idempotency key (the engine's, the same on a retry: applied once), and a shop domain
// that is not *.myshopify.com refused when the account is saved and when it is used.
import { describe, expect, it } from "vitest";
import * as credentialRoute from "@/app/api/credentials/[id]/route";
import * as credentialsRoute from "@/app/api/credentials/route";
import { readAppAccount } from "@/lib/apps/server/app-credential";
import { shopify } from "@/lib/apps/shopify";
import { createCredentialBody } from "@/lib/credentials/types";
import { getDb } from "@/lib/db";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { newTestWorkspace, signedIn, TEST_ORIGIN } from "../support/auth";
import { engineOnClock, eventually } from "../support/engine-harness";
import {
  appNodeAttempts,
  failure,
  publishAppFlow,
  runAppNode,
  runOfFlow,
  runRetriedOnce,
  scheduledRetryAt,
  withFakeVendor,
  workspaceWithAccount,
} from "../support/fakes/app-test";
import {
  graphqlErrors,
  SHOPIFY_AVAILABLE,
  SHOPIFY_ITEM,
  SHOPIFY_LOCATION,
  SHOPIFY_ORDER,
  SHOPIFY_ORDER_NODE,
  SHOPIFY_PATH,
  SHOPIFY_TOKEN,
  startFakeShopify,
  throttled,
} from "../support/fakes/shopify";

// The real engine, started before anything reads the server's settings (lib/env reads them once,
// and the route handlers below read them too): the executor's port is the engine's own.
// Its executor runs on a clock the tests move past a retry's backoff instead of sleeping through it.
const { clock, engine } = engineOnClock();

const account = (shop: string, token = SHOPIFY_TOKEN) => ({ shop, "X-Shopify-Access-Token": token });

// As a person types it: the shop's name alone, normalized to acme-coffee.myshopify.com.
const vendor = withFakeVendor("shopify", startFakeShopify, account("acme-coffee"));

// Each call is a step of its own run, as in the engine: its own idempotency key.
let runs = 0;
const run = (op: string, fields: Record<string, unknown>, at = vendor.ws) =>
  runAppNode(`app:shopify.${op}`, { credentialId: at.credentialId, ...fields }, { ...at, runId: `run_${++runs}` });
const sent = () => {
  const req = vendor.fake.requests.at(-1)!;
  return { req, body: req.json as { query: string; variables: Record<string, unknown> } };
};
const adjust = (c: Record<string, unknown> = {}) =>
  run("adjustInventory", { inventoryItemId: "30322695", locationId: SHOPIFY_LOCATION, delta: "-2", ...c });

describe("Shopify: operations", () => {
  it("adjusts the available quantity: the documented mutation, the token header, numeric ids as GIDs", async () => {
    const { input, output } = await adjust({ reason: "damaged" });
    const { req, body } = sent();
    expect(`${req.method} ${req.path}`).toBe("POST /admin/api/2026-01/graphql.json");
    expect(req.headers["x-shopify-access-token"]).toBe(SHOPIFY_TOKEN);
    expect(req.headers["content-type"]).toMatch(/^application\/json/);
    expect(body.query).toMatch(
      /^mutation InventoryAdjustQuantities\(\$input: InventoryAdjustQuantitiesInput!, \$idempotencyKey: String!\) \{\s+inventoryAdjustQuantities\(input: \$input\) @idempotent\(key: \$idempotencyKey\) \{/,
    );
    expect(body.variables).toEqual({
      input: {
        name: "available",
        reason: "damaged",
        changes: [{ inventoryItemId: SHOPIFY_ITEM, locationId: SHOPIFY_LOCATION, delta: -2 }],
      },
      idempotencyKey: `run_${runs}:app_1`,
    });
    expect(output).toEqual({
      adjustmentId: "gid://shopify/InventoryAdjustmentGroup/1904553394",
      createdAt: "2026-12-06T05:00:00Z",
      reason: "damaged",
      delta: -2,
      available: SHOPIFY_AVAILABLE - 2,
    });
    expect(JSON.stringify(input)).not.toContain(SHOPIFY_TOKEN);
  });

  it("adds tags to an order given by number; its GID is sent with the tags as a list", async () => {
    const { output } = await run("addOrderTags", { orderId: "5550001112", tags: "paid, ship-today" });
    const { body } = sent();
    expect(body.query).toMatch(/^mutation TagsAdd\(\$id: ID!, \$tags: \[String!\]!\)/);
    expect(body.variables).toEqual({ id: SHOPIFY_ORDER, tags: ["paid", "ship-today"] });
    expect(output).toEqual({ orderId: SHOPIFY_ORDER, added: ["paid", "ship-today"] });
  });

  it("sets an order's note with orderUpdate { id, note }, the order given by GID", async () => {
    const { output } = await run("setOrderNote", { orderId: SHOPIFY_ORDER, note: "Gift wrap, please" });
    const { body } = sent();
    expect(body.query).toMatch(/^mutation OrderUpdate\(\$input: OrderInput!\)/);
    expect(body.variables).toEqual({ input: { id: SHOPIFY_ORDER, note: "Gift wrap, please" } });
    expect(output).toEqual({ orderId: SHOPIFY_ORDER, name: "#1001", note: "Gift wrap, please" });
  });

  it("gets an order as a clean object: number, e-mail, totals, line items, tags, note", async () => {
    const { output } = await run("getOrder", { orderId: "5550001112" });
    const { body } = sent();
    expect(body.query).toMatch(/^query Order\(\$id: ID!\)/);
    expect(body.variables).toEqual({ id: SHOPIFY_ORDER });
    // Shopify's names made plain: display statuses, money sets to their shop amounts.
    const o = SHOPIFY_ORDER_NODE;
    const line = o.lineItems.nodes[0]!;
    expect(output).toEqual({
      ...{ id: o.id, name: "#1001", email: o.email, note: o.note, tags: ["vip"], createdAt: o.createdAt },
      ...{ financialStatus: "PAID", fulfillmentStatus: "UNFULFILLED", total: "83.5", subtotal: "78.5" },
      currency: "EUR",
      lineItems: [{ id: line.id, title: line.title, sku: "BEAN-1KG", quantity: 2, unitPrice: "39.25" }],
    });
    const missing = await failure(run("getOrder", { orderId: "42" }));
    expect(missing).toBeInstanceOf(PermanentError);
    expect(missing.message).toContain("No order gid://shopify/Order/42 in this shop");
  });

  it("an id of another kind or no id at all fails permanently before any call", async () => {
    const before = vendor.fake.requests.length;
    const err = await failure(run("getOrder", { orderId: "gid://shopify/Product/5550001112" }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain('Order must be a number or gid://shopify/Order/<number>, got "gid://shopify/Product');
    const zero = await failure(adjust({ delta: "0" }));
    expect(zero.message).toContain("Change must be a whole number other than 0");
    expect(vendor.fake.requests.length).toBe(before);
  });
});

describe("Shopify: errors", () => {
  it("userErrors fail the step permanently, naming the field and Shopify's message", async () => {
    const err = await failure(adjust({ inventoryItemId: "999" }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toBe(
      "Shopify: Adjust an inventory level: input.changes.0.inventoryItemId: The specified inventory item could not be found.",
    );
    const tags = await failure(run("addOrderTags", { orderId: "1", tags: "x" }));
    expect(tags.message).toContain("id: Order does not exist");
  });

  it("GraphQL errors in a 200 fail the step permanently with Shopify's message", async () => {
    vendor.fake.failNext(
      SHOPIFY_PATH,
      graphqlErrors("Access denied for order field. Required access: `read_orders` access scope.", "ACCESS_DENIED"),
    );
    const err = await failure(run("getOrder", { orderId: SHOPIFY_ORDER }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Access denied for order field. Required access: `read_orders` access scope.");
  });

  it("a refused token (401) fails permanently: Shopify's message, check the account, never the token", async () => {
    const bad = await workspaceWithAccount(
      "shopify",
      account("acme-coffee.myshopify.com", "shpat_wrong00000000000000000000"),
    );
    const err = await failure(run("getOrder", { orderId: SHOPIFY_ORDER }, bad));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain(
      "Shopify answered 401: [API] Invalid API key or access token (unrecognized login or wrong password) (check the account",
    );
    expect(`${err.message}${err.stack}`).not.toContain("shpat_wrong00000000000000000000");
  });

  it("a 429 with Retry-After is retried after it, and the retry succeeds", async () => {
    vendor.fake.failNext(SHOPIFY_PATH, {
      status: 429,
      headers: { "retry-after": "2.0" },
      body: {
        errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
      },
    });
    const err = await failure(run("getOrder", { orderId: SHOPIFY_ORDER }));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(2000);
    expect(err.message).toContain("Exceeded 2 calls per second");
    expect((await run("getOrder", { orderId: SHOPIFY_ORDER })).output).toMatchObject({ name: "#1001" });
  });

  it("THROTTLED in a 200 is retried once the bucket holds the query's cost again", async () => {
    // 112 points asked, 12 left, 50 restored a second: 2 s.
    vendor.fake.failNext(SHOPIFY_PATH, throttled(112, 12, 50));
    const err = await failure(adjust());
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(2000);
    expect(err.message).toContain("Shopify answered 200: Throttled");
    expect((await adjust()).output).toMatchObject({ delta: -2 });
  });
});

describe("Shopify: the shop's domain", () => {
  it.each([
    "evil.com",
    "x.myshopify.com.evil.com",
    "acme.myshopify.com:8443",
    "acme.myshopify.com/admin",
    "http://acme.myshopify.com",
  ])("an account for %s is refused when it is saved, with a clear error", (shop) => {
    const parsed = createCredentialBody.safeParse({
      name: "Shop",
      type: "app",
      value: { app: "shopify", auth: account(shop) },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toContainEqual(
      expect.objectContaining({
        path: ["value", "auth", "shop"],
        message: "Shop domain must be your-shop.myshopify.com (the shop's myshopify.com name, not a custom domain)",
      }),
    );
  });

  it("a stored account naming another host is refused at use, permanently, and nothing is sent", async () => {
    const before = vendor.fake.requests.length;
    // Written straight to the database, past the save check (an old or hand-made account): every
    // read checks the value against the same schema again.
    const evil = await workspaceWithAccount("shopify", account("x.myshopify.com.evil.com"), "Evil shop");
    const err = await failure(run("getOrder", { orderId: SHOPIFY_ORDER }, evil));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toBe(
      'Shopify: Get an order: The Shopify account "Evil shop" no longer holds a valid value: edit or reconnect it',
    );
    expect(vendor.fake.requests.length).toBe(before);
  });

  it("an account is stored with the shop's normalized domain, when created and when its value is replaced", async () => {
    const workspaceId = await newTestWorkspace("shopify accounts");
    const owner = await signedIn({ workspaceId, role: "owner" });
    const send = (method: string, path: string, body: unknown) =>
      new Request(`${TEST_ORIGIN}${path}`, {
        method,
        headers: owner.headers({ "content-type": "application/json" }),
        body: JSON.stringify(body),
      });
    const created = await credentialsRoute.POST(
      send("POST", "/api/credentials", {
        name: "Acme",
        type: "app",
        value: { app: "shopify", auth: account(" https://Acme-Coffee.myshopify.com/ ") },
      }),
      { params: Promise.resolve({}) } as never,
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const stored = async () => (await readAppAccount(workspaceId, id, shopify)).value;
    expect(await stored()).toEqual(account("acme-coffee.myshopify.com"));
    const updated = await credentialRoute.PUT(
      send("PUT", `/api/credentials/${id}`, { value: { app: "shopify", auth: account("Other-Shop") } }),
      { params: Promise.resolve({ id }) },
    );
    expect(updated.status).toBe(200);
    expect(await stored()).toEqual(account("other-shop.myshopify.com"));
  });
});

describe("Shopify: location picker", () => {
  it("lists the shop's locations with the account's token", async () => {
    const { fieldOptions } = await import("@/lib/apps/server/options");
    const locations = await fieldOptions(vendor.ws.workspaceId, "shopify", "locationId", vendor.ws.credentialId, {});
    expect(locations).toEqual([
      { value: SHOPIFY_LOCATION, label: "Main warehouse" },
      { value: "gid://shopify/Location/64156222", label: "Shop floor" },
    ]);
    const { req, body } = sent();
    expect(`${req.method} ${req.path}`).toBe("POST /admin/api/2026-01/graphql.json");
    expect(req.headers["x-shopify-access-token"]).toBe(SHOPIFY_TOKEN);
    expect(body.query).toMatch(/^query Locations \{ locations\(first: 100\)/);
  });
});

describe("Shopify: an account that no longer holds a valid value, in a run", () => {
  it("fails the step after one attempt, naming the account, and schedules no retry", async () => {
    const broken = await workspaceWithAccount("shopify", account("x.myshopify.com.evil.com"), "Old shop");
    const { flowId, hookPath } = await publishAppFlow(broken.workspaceId, "app:shopify.getOrder", {
      credentialId: broken.credentialId,
      orderId: SHOPIFY_ORDER,
    });
    const calls = vendor.fake.calls().length;
    expect((await engine().post(hookPath, JSON.stringify({ order: 1001 }))).status).toBe(202);
    const db = await getDb();
    const run = await runOfFlow(flowId);
    // Finished, or a retry queued: a retried step would show here rather than time out.
    await eventually(
      async () => {
        const r = await db.run.findUnique({ where: { id: run.id } });
        return r?.status === "failed" || r?.status === "succeeded" || (await scheduledRetryAt(run.id))
          ? true
          : undefined;
      },
      20_000,
      "the run to finish or a retry to be scheduled",
    );
    expect(await scheduledRetryAt(run.id)).toBeUndefined();
    expect((await db.run.findUnique({ where: { id: run.id } }))?.status).toBe("failed");
    const steps = await appNodeAttempts(run.id);
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([[0, "failed"]]);
    expect((JSON.parse(steps[0]!.error!) as { message: string }).message).toBe(
      'Shopify: Get an order: The Shopify account "Old shop" no longer holds a valid value: edit or reconnect it',
    );
    expect(vendor.fake.calls().length).toBe(calls);
  });
});

describe("Shopify: an adjustment retried after its answer was lost", () => {
  it("the retry sends the run's idempotency key again, and Shopify applies the adjustment once", async () => {
    const { flowId, hookPath } = await publishAppFlow(vendor.ws.workspaceId, "app:shopify.adjustInventory", {
      credentialId: vendor.ws.credentialId,
      inventoryItemId: "30322695",
      locationId: SHOPIFY_LOCATION,
      delta: "{{ trigger.body.received }}",
      reason: "received",
    });
    const before = vendor.fake.available();
    const calls = vendor.fake.requests.length;
    // Shopify applies the first attempt, but its answer never reaches the step (a 502 on the way).
    vendor.fake.loseNextAdjustmentAnswer();
    expect((await engine().post(hookPath, JSON.stringify({ received: 5 }))).status).toBe(202);
    const { run, attempts: steps } = await runRetriedOnce(flowId, clock, () => {
      expect(vendor.fake.available()).toBe(before + 5);
    });
    expect(run.status).toBe("succeeded");
    const sentKeys = vendor.fake.requests
      .slice(calls)
      .map((r) => (r.json as { variables: { idempotencyKey?: string } }).variables.idempotencyKey);
    expect(sentKeys).toEqual([`${run.id}:app_1`, `${run.id}:app_1`]);
    // Applied once: the retry got the first adjustment's result back.
    expect(vendor.fake.available()).toBe(before + 5);
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([
      [0, "failed"],
      [1, "succeeded"],
    ]);
    expect(JSON.parse(steps[1]!.output!)).toMatchObject({ delta: 5, available: before + 5 });
  });
});
