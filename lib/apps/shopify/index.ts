// Shopify Admin (GraphQL Admin API, pinned to one version): adjust an inventory level, add tags to
// an order, set an order's note, get an order. Auth: a custom app's Admin API access token in
// X-Shopify-Access-Token; the host is the account's shop (https://<shop>.myshopify.com), which the
// shop schema below confines to *.myshopify.com so no account can send the token elsewhere.
// https://shopify.dev/docs/api/admin-graphql/2026-01
import { z } from "zod";
import { list, optionalText, requiredText, text } from "../fields";
import { defineApp, defineOperation, type AppRequest } from "../types";

/**
 * The pinned Admin API version: Shopify supports each for a year; moving it is a reviewed change.
 * 2026-01 is the first to take an idempotency key on inventoryAdjustQuantities (the optional
 * `@idempotent` directive; required from 2026-04, which also requires `changeFromQuantity` on
 * each change, a compare-and-swap this app does not do yet). The other operations' fields are
 * unchanged from 2025-01 there: tagsAdd {node, userErrors}, orderUpdate(OrderInput {id, note}),
 * order's display statuses, money sets and line items, locations.
 */
export const SHOPIFY_API_VERSION = "2026-01";

// A DNS label: letters, digits and inner hyphens (no leading or trailing one, which no shop has
// and no request could reach).
const SHOP = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.myshopify\.com$/;

/**
 * The shop's domain as an account stores it: "myshop", "myshop.myshopify.com" or a pasted
 * "https://myshop.myshopify.com/" all become myshop.myshopify.com; anything that is not a
 * myshopify.com shop (a custom domain, "x.myshopify.com.evil.com") is refused.
 */
export const shopDomain = z
  .string({ error: "Shop domain is required" })
  .trim()
  .toLowerCase()
  .min(1, "Shop domain is required")
  .max(255, "Shop domain is too long")
  .transform((s) => s.replace(/^https:\/\//, "").replace(/\/+$/, ""))
  .transform((s) => (/^[a-z0-9][a-z0-9-]*$/.test(s) ? `${s}.myshopify.com` : s))
  .pipe(
    z
      .string()
      .regex(SHOP, "Shop domain must be your-shop.myshopify.com (the shop's myshopify.com name, not a custom domain)"),
  );

type UserError = { field?: string[] | null; message?: string };
type Money = { shopMoney?: { amount?: string; currencyCode?: string } };
type GraphQLAnswer = {
  data?: Record<string, { userErrors?: UserError[] } & Record<string, unknown>> | null;
  /** A list of GraphQL errors; a plain string for a refused token (401). */
  errors?: Array<{ message?: string; extensions?: { code?: string } }> | string;
  extensions?: {
    cost?: {
      requestedQueryCost?: number;
      throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
    };
  };
};

const errorList = (body: unknown) => {
  const errors = (body as GraphQLAnswer | null)?.errors;
  return Array.isArray(errors) ? errors : [];
};

/** Shopify's message: a GraphQL error's, or the plain string of a 401 ("[API] Invalid API key…"). */
const errorMessage = (body: unknown): string | undefined => {
  const errors = (body as GraphQLAnswer | null)?.errors;
  if (typeof errors === "string") return errors;
  return errorList(body)[0]?.message;
};

/**
 * A THROTTLED GraphQL error (a 200, or a 429 without Retry-After): wait until the bucket holds the
 * query's cost again, (requested − available) / restore rate seconds; a second when not said.
 */
const throttledWaitMs = (body: unknown): number | undefined => {
  if (!errorList(body).some((e) => e.extensions?.code === "THROTTLED")) return undefined;
  const cost = (body as GraphQLAnswer).extensions?.cost;
  const missing = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
  const rate = cost?.throttleStatus?.restoreRate ?? 0;
  return missing > 0 && rate > 0 ? Math.ceil((missing / rate) * 1000) : 1000;
};

/** The mutation's or query's payload; GraphQL errors and userErrors fail the step with Shopify's words. */
function payload<T>(body: unknown, field: string): T {
  const message = errorMessage(body);
  if (message) throw new Error(message);
  const result = (body as GraphQLAnswer).data?.[field];
  const userError = result?.userErrors?.[0];
  if (userError)
    throw new Error(`${userError.field?.length ? `${userError.field.join(".")}: ` : ""}${userError.message}`);
  return result as T;
}

/** A numeric id or a gid://shopify/<Kind>/<id> of that kind -> the GID the Admin API takes. */
export function shopifyGid(kind: "Order" | "InventoryItem" | "Location", value: unknown, what: string): string {
  const t = text(value);
  if (/^\d+$/.test(t)) return `gid://shopify/${kind}/${t}`;
  if (new RegExp(`^gid://shopify/${kind}/\\d+$`).test(t)) return t;
  throw new Error(`${what} must be a number or gid://shopify/${kind}/<number>, got "${t.slice(0, 60)}"`);
}

const graphql = (query: string, variables: Record<string, unknown>): AppRequest => ({
  method: "POST",
  path: "/graphql.json",
  body: { json: { query, variables } },
});

const money = (m: Money | undefined) => m?.shopMoney?.amount;

const orderId = requiredText("Order", "The order's id (a number) or its gid://shopify/Order/… id");

/** Reasons Shopify accepts for an inventory adjustment. */
export const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "other",
  "promotion",
  "received",
  "restock",
  "shrinkage",
] as const;

// The key is a variable, not text spliced into the query: the query stays one constant string.
const INVENTORY_ADJUST = `mutation InventoryAdjustQuantities($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id createdAt reason changes { name delta quantityAfterChange } }
    userErrors { field message }
  }
}`;

const adjustInventory = defineOperation({
  id: "adjustInventory",
  label: "Adjust an inventory level",
  description: "Adds to or takes from the available quantity of an item at a location.",
  fields: z.object({
    inventoryItemId: requiredText(
      "Inventory item",
      "The variant's inventory item id, or its gid://shopify/InventoryItem/…",
    ),
    locationId: requiredText("Location"),
    delta: requiredText("Change", "A whole number: 5 adds five, -2 takes two"),
    reason: z.enum(INVENTORY_REASONS).default("correction").meta({ title: "Reason" }),
  }),
  defaults: { inventoryItemId: "", locationId: "", delta: "", reason: "correction" },
  sideEffect: true,
  // A retry after a lost answer sends the same key, and Shopify answers the first adjustment's
  // result instead of applying it again.
  idempotency: { kind: "request", where: "the mutation's @idempotent(key:) directive" },
  request: (f, { idempotencyKey }) => {
    const delta = Number(text(f.delta));
    if (!Number.isInteger(delta) || delta === 0)
      throw new Error(`Change must be a whole number other than 0, got "${text(f.delta).slice(0, 40)}"`);
    return graphql(INVENTORY_ADJUST, {
      input: {
        name: "available",
        reason: f.reason,
        changes: [
          {
            inventoryItemId: shopifyGid("InventoryItem", f.inventoryItemId, "Inventory item"),
            locationId: shopifyGid("Location", f.locationId, "Location"),
            delta,
          },
        ],
      },
      idempotencyKey,
    });
  },
  output: (body) => {
    const group = payload<{
      inventoryAdjustmentGroup?: {
        id?: string;
        createdAt?: string;
        reason?: string;
        changes?: Array<{ name?: string; delta?: number; quantityAfterChange?: number | null }>;
      };
    }>(body, "inventoryAdjustQuantities").inventoryAdjustmentGroup;
    const change = group?.changes?.find((c) => c.name === "available") ?? group?.changes?.[0];
    return {
      adjustmentId: group?.id,
      createdAt: group?.createdAt,
      reason: group?.reason,
      delta: change?.delta,
      available: change?.quantityAfterChange ?? null,
    };
  },
  summary: (f) => (f.delta ? `Inventory ${f.delta.startsWith("-") ? "" : "+"}${f.delta}` : "Adjust an inventory level"),
});

const TAGS_ADD = `mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

const addOrderTags = defineOperation({
  id: "addOrderTags",
  label: "Add tags to an order",
  description: "Adds tags to an order; its other tags stay.",
  fields: z.object({
    orderId,
    tags: requiredText("Tags", "Comma separated, or a {{ reference }} to a list"),
  }),
  defaults: { orderId: "", tags: "" },
  sideEffect: true,
  idempotency: { kind: "none", why: "Adding a tag the order already has changes nothing: a retry is harmless" },
  request: (f) => {
    const tags = list(f.tags);
    if (tags.length === 0) throw new Error("Tags are required");
    return graphql(TAGS_ADD, { id: shopifyGid("Order", f.orderId, "Order"), tags });
  },
  output: (body, f) => ({
    orderId: payload<{ node?: { id?: string } }>(body, "tagsAdd").node?.id,
    added: list(f.tags),
  }),
  summary: (f) => (f.tags ? `Tag order: ${f.tags}` : "Add tags to an order"),
});

const ORDER_UPDATE = `mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id name note } userErrors { field message } }
}`;

const setOrderNote = defineOperation({
  id: "setOrderNote",
  label: "Set an order's note",
  description: "Replaces the order's note (empty clears it).",
  fields: z.object({ orderId, note: optionalText("Note", "Replaces the current note; empty clears it", true) }),
  defaults: { orderId: "", note: "" },
  sideEffect: true,
  idempotency: { kind: "none", why: "Setting the same note twice leaves one note: a retry is harmless" },
  request: (f) => graphql(ORDER_UPDATE, { input: { id: shopifyGid("Order", f.orderId, "Order"), note: text(f.note) } }),
  output: (body) => {
    const order = payload<{ order?: { id?: string; name?: string; note?: string | null } }>(body, "orderUpdate").order;
    return { orderId: order?.id, name: order?.name, note: order?.note ?? "" };
  },
});

const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    id name email note tags createdAt displayFinancialStatus displayFulfillmentStatus
    totalPriceSet { shopMoney { amount currencyCode } }
    subtotalPriceSet { shopMoney { amount currencyCode } }
    lineItems(first: 100) {
      nodes { id title sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } }
    }
  }
}`;

type Order = {
  id: string;
  name?: string;
  email?: string | null;
  note?: string | null;
  tags?: string[];
  createdAt?: string;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus?: string;
  totalPriceSet?: Money;
  subtotalPriceSet?: Money;
  lineItems?: {
    nodes?: Array<{ id: string; title?: string; sku?: string | null; quantity?: number; originalUnitPriceSet?: Money }>;
  };
};

const getOrder = defineOperation({
  id: "getOrder",
  label: "Get an order",
  description: "Reads an order: number, customer e-mail, totals, line items, tags and note.",
  fields: z.object({ orderId }),
  defaults: { orderId: "" },
  sideEffect: false,
  idempotency: { kind: "none", why: "A read" },
  request: (f) => graphql(ORDER, { id: shopifyGid("Order", f.orderId, "Order") }),
  output: (body, f) => {
    const order = payload<Order | null>(body, "order");
    if (!order) throw new Error(`No order ${shopifyGid("Order", f.orderId, "Order")} in this shop`);
    return {
      id: order.id,
      name: order.name,
      email: order.email ?? null,
      note: order.note ?? "",
      tags: order.tags ?? [],
      createdAt: order.createdAt,
      financialStatus: order.displayFinancialStatus ?? null,
      fulfillmentStatus: order.displayFulfillmentStatus,
      total: money(order.totalPriceSet),
      subtotal: money(order.subtotalPriceSet),
      currency: order.totalPriceSet?.shopMoney?.currencyCode,
      lineItems: (order.lineItems?.nodes ?? []).map((l) => ({
        id: l.id,
        title: l.title,
        sku: l.sku ?? null,
        quantity: l.quantity,
        unitPrice: money(l.originalUnitPriceSet),
      })),
    };
  },
});

export const shopify = defineApp({
  id: "shopify",
  name: "Shopify",
  logo: "/apps/shopify.svg",
  description: "Orders and inventory of your shop (Admin API).",
  baseUrl: `https://{shop}/admin/api/${SHOPIFY_API_VERSION}`,
  auth: {
    kind: "apiKey",
    parts: [
      { name: "shop", label: "Shop domain", in: "host", schema: shopDomain, hint: "your-shop.myshopify.com" },
      // Last: the masked hint of the account shows the token's end.
      { name: "X-Shopify-Access-Token", label: "Admin API access token (shpat_…)", in: "header" },
    ],
  },
  operations: [adjustInventory, addOrderTags, setOrderNote, getOrder],
  errorMessage,
  retryAfterMs: throttledWaitMs,
  options: {
    locationId: {
      request: () => graphql("query Locations { locations(first: 100) { nodes { id name } } }", {}),
      map: (body) =>
        (
          (body as { data?: { locations?: { nodes?: Array<{ id: string; name: string }> } } }).data?.locations?.nodes ??
          []
        ).map((l) => ({ value: l.id, label: l.name })),
    },
  },
});
