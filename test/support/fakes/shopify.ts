// Fake Shopify GraphQL Admin API: POST /admin/api/2026-01/graphql.json with the custom app's token
// in X-Shopify-Access-Token and a JSON body { query, variables }. It answers what the operations
// send (inventoryAdjustQuantities, tagsAdd, orderUpdate, order, locations) in Shopify's documented
// shapes: data with userErrors [{ field, message }] for a refused input, top-level GraphQL errors
// for a bad query or variable, and a 401 { errors: "[API] Invalid API key or access token …" }.
// It keeps the item's available quantity, and an adjustment's @idempotent(key:) as Shopify does:
// the same key with the same variables answers the first result without applying it again.
import { INVENTORY_REASONS } from "@/lib/apps/shopify";
import { expectOr, FakeRefusal, startFakeVendor, type FakeAnswer, type FakeRequest } from "./harness";

export const SHOPIFY_TOKEN = "shpat_fake0123456789abcdef0123456789ab";
export const SHOPIFY_ORDER = "gid://shopify/Order/5550001112";
export const SHOPIFY_ITEM = "gid://shopify/InventoryItem/30322695";
export const SHOPIFY_LOCATION = "gid://shopify/Location/64156221";
/** The item's available quantity before any adjustment. */
export const SHOPIFY_AVAILABLE = 10;

/** A top-level GraphQL error, as Shopify answers a query or variable it cannot run (HTTP 200). */
export const graphqlErrors = (message: string, code?: string): FakeAnswer => ({
  body: { errors: [{ message, ...(code ? { extensions: { code } } : {}) }] },
});

/** Shopify's answer to a spent bucket: THROTTLED with the query's cost and the bucket's state. */
export const throttled = (requestedQueryCost: number, currentlyAvailable: number, restoreRate: number): FakeAnswer => ({
  body: {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: {
      cost: {
        requestedQueryCost,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate },
      },
    },
  },
});

/** A mutation's refusal: its payload's result null and userErrors [{ field, message }] (HTTP 200). */
const userErrors = (mutation: string, result: string, path: string[], message: string): FakeAnswer => ({
  body: { data: { [mutation]: { [result]: null, userErrors: [{ field: path, message }] } } },
});

const GID = (kind: string) => new RegExp(`^gid://shopify/${kind}/\\d+$`);

type Body = { query?: string; variables?: Record<string, unknown> };

function invalidVariable(name: string, type: string): never {
  throw new FakeRefusal(
    graphqlErrors(`Variable $${name} of type ${type} was provided invalid value`, "INVALID_VARIABLE"),
  );
}

/** The shop's inventory state: the item's available quantity and the adjustments done by key. */
type Inventory = {
  available: number;
  /** key -> the variables it was sent with and the answer given. */
  done: Map<string, { input: string; answer: FakeAnswer }>;
  /** The next applied adjustment's answer is lost on the way back (a proxy's 502). */
  loseNext: boolean;
};

const invalidInput = () =>
  graphqlErrors(
    "Variable $input of type InventoryAdjustQuantitiesInput! was provided invalid value",
    "INVALID_VARIABLE",
  );

function inventoryAdjust(inv: Inventory, input: Record<string, unknown>, key: unknown): FakeAnswer {
  // Optional in 2026-01 and required from 2026-04; the app always sends it, so the fake insists.
  if (typeof key !== "string" || key === "") invalidVariable("idempotencyKey", "String!");
  const changes = input.changes as Array<Record<string, unknown>> | undefined;
  expectOr(
    input.name === "available" &&
      (INVENTORY_REASONS as readonly string[]).includes(input.reason as string) &&
      Array.isArray(changes) &&
      changes.length > 0,
    invalidInput(),
  );
  const [change] = changes!;
  expectOr(
    GID("InventoryItem").test(String(change!.inventoryItemId)) &&
      GID("Location").test(String(change!.locationId)) &&
      Number.isInteger(change!.delta),
    invalidInput(),
  );
  const refused = (what: string, message: string) =>
    userErrors("inventoryAdjustQuantities", "inventoryAdjustmentGroup", ["input", "changes", "0", what], message);
  expectOr(
    change!.inventoryItemId === SHOPIFY_ITEM,
    refused("inventoryItemId", "The specified inventory item could not be found."),
  );
  expectOr(
    change!.locationId === SHOPIFY_LOCATION,
    refused("locationId", "The specified location could not be found."),
  );
  // A duplicate (same key, same variables) gets the original result; the key is for duplicates
  // only, so another adjustment under a used key is refused rather than silently answered (this
  // message and code are the fake's own: the pages read do not spell Shopify's).
  const sent = JSON.stringify(input);
  const seen = inv.done.get(key);
  if (seen) {
    expectOr(
      seen.input === sent,
      graphqlErrors("The idempotency key was already used with different variables", "IDEMPOTENCY_KEY_MISMATCH"),
    );
    return seen.answer;
  }
  const delta = change!.delta as number;
  inv.available += delta;
  const answer: FakeAnswer = {
    body: {
      data: {
        inventoryAdjustQuantities: {
          inventoryAdjustmentGroup: {
            id: `gid://shopify/InventoryAdjustmentGroup/${1904553394 + inv.done.size}`,
            createdAt: "2026-12-06T05:00:00Z",
            reason: input.reason,
            changes: [
              { name: "available", delta, quantityAfterChange: inv.available },
              { name: "on_hand", delta, quantityAfterChange: inv.available + 2 },
            ],
          },
          userErrors: [],
        },
      },
    },
  };
  inv.done.set(key, { input: sent, answer });
  if (inv.loseNext) {
    inv.loseNext = false;
    return { status: 502, text: "Bad Gateway" };
  }
  return answer;
}

/** The order the fake knows, as the Admin API returns it. */
export const SHOPIFY_ORDER_NODE = {
  id: SHOPIFY_ORDER,
  name: "#1001",
  email: "jenny@example.com",
  note: "Leave at the door",
  tags: ["vip"],
  createdAt: "2026-12-06T04:58:00Z",
  displayFinancialStatus: "PAID",
  displayFulfillmentStatus: "UNFULFILLED",
  totalPriceSet: { shopMoney: { amount: "83.5", currencyCode: "EUR" } },
  subtotalPriceSet: { shopMoney: { amount: "78.5", currencyCode: "EUR" } },
  lineItems: {
    nodes: [
      {
        id: "gid://shopify/LineItem/866550311766439020",
        title: "Espresso beans 1 kg",
        sku: "BEAN-1KG",
        quantity: 2,
        originalUnitPriceSet: { shopMoney: { amount: "39.25", currencyCode: "EUR" } },
      },
    ],
  },
};

function answer(inv: Inventory, r: FakeRequest): FakeAnswer {
  expectOr(/^application\/json\b/.test(r.headers["content-type"] ?? ""), {
    status: 415,
    body: { errors: "Unsupported Media Type" },
  });
  const b = (r.json ?? {}) as Body;
  const query = b.query ?? "";
  const vars = b.variables ?? {};
  expectOr(typeof b.query === "string", {
    status: 400,
    body: { errors: { query: "Required parameter missing or invalid" } },
  });
  if (
    /^mutation \w*\(\$input: InventoryAdjustQuantitiesInput!, \$idempotencyKey: String!\)\s*\{\s*inventoryAdjustQuantities\(input: \$input\) @idempotent\(key: \$idempotencyKey\)/.test(
      query,
    )
  )
    return inventoryAdjust(inv, (vars.input ?? {}) as Record<string, unknown>, vars.idempotencyKey);
  if (/^mutation \w*\(\$id: ID!, \$tags: \[String!\]!\)\s*\{\s*tagsAdd\(id: \$id, tags: \$tags\)/.test(query)) {
    if (!GID("Order").test(String(vars.id))) invalidVariable("id", "ID!");
    const tags = vars.tags;
    expectOr(
      Array.isArray(tags) && tags.length > 0 && tags.every((t) => typeof t === "string" && t !== ""),
      graphqlErrors("Variable $tags of type [String!]! was provided invalid value", "INVALID_VARIABLE"),
    );
    expectOr(vars.id === SHOPIFY_ORDER, userErrors("tagsAdd", "node", ["id"], "Order does not exist"));
    return { body: { data: { tagsAdd: { node: { id: SHOPIFY_ORDER }, userErrors: [] } } } };
  }
  if (/^mutation \w*\(\$input: OrderInput!\)\s*\{\s*orderUpdate\(input: \$input\)/.test(query)) {
    const input = (vars.input ?? {}) as { id?: unknown; note?: unknown };
    if (!GID("Order").test(String(input.id)) || typeof input.note !== "string") invalidVariable("input", "OrderInput!");
    expectOr(input.id === SHOPIFY_ORDER, userErrors("orderUpdate", "order", ["id"], "Order does not exist"));
    return {
      body: {
        data: { orderUpdate: { order: { id: SHOPIFY_ORDER, name: "#1001", note: input.note }, userErrors: [] } },
      },
    };
  }
  if (/^query \w*\(\$id: ID!\)\s*\{\s*order\(id: \$id\)/.test(query)) {
    if (!GID("Order").test(String(vars.id))) invalidVariable("id", "ID!");
    return { body: { data: { order: vars.id === SHOPIFY_ORDER ? SHOPIFY_ORDER_NODE : null } } };
  }
  if (/^query \w*\s*\{\s*locations\(first: \d+\)/.test(query))
    return {
      body: {
        data: {
          locations: {
            nodes: [
              { id: SHOPIFY_LOCATION, name: "Main warehouse" },
              { id: "gid://shopify/Location/64156222", name: "Shop floor" },
            ],
          },
        },
      },
    };
  return graphqlErrors("Parse error on query: not one the fake knows", "PARSE_ERROR");
}

export const SHOPIFY_PATH = /^\/admin\/api\/2026-01\/graphql\.json$/;

export async function startFakeShopify() {
  const inv: Inventory = { available: SHOPIFY_AVAILABLE, done: new Map(), loseNext: false };
  const vendor = await startFakeVendor({
    authorized: (r) => r.headers["x-shopify-access-token"] === SHOPIFY_TOKEN,
    unauthorized: {
      status: 401,
      body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
    },
    routes: [{ method: "POST", path: SHOPIFY_PATH, handle: (r) => answer(inv, r) }],
  });
  return {
    ...vendor,
    /** The item's available quantity at the location now. */
    available: () => inv.available,
    /** The next adjustment is applied, but its answer is lost on the way back. */
    loseNextAdjustmentAnswer: () => void (inv.loseNext = true),
  };
}
