// The Shopify app's pure parts: the shop domain schema (normalized to <shop>.myshopify.com, any
// other host refused), the per-shop vendor URL built from the account's validated host (the
// operator's override unset), numeric ids and GIDs, and the THROTTLED wait.
import { afterEach, describe, expect, it } from "vitest";
import { requestUrl } from "@/lib/apps/server/vendor-url";
import { shopDomain, shopify, shopifyGid } from "@/lib/apps/shopify";

afterEach(() => {
  delete process.env.HOOKLINE_APP_SHOPIFY_BASE_URL;
});

describe("shop domain", () => {
  it.each([
    ["acme-coffee", "acme-coffee.myshopify.com"],
    [" Acme-Coffee.myshopify.com ", "acme-coffee.myshopify.com"],
    ["https://acme-coffee.myshopify.com/", "acme-coffee.myshopify.com"],
  ])("%j is the shop %s", (input, shop) => {
    expect(shopDomain.parse(input)).toBe(shop);
  });

  it.each([
    "evil.com",
    "x.myshopify.com.evil.com",
    "myshopify.com",
    ".myshopify.com",
    "-acme.myshopify.com",
    "acme-.myshopify.com",
    "acme-",
    "acme.myshopify.com:443",
    "acme.myshopify.com@evil.com",
    "evil.com#.myshopify.com",
    "acme.evil.com/.myshopify.com",
    "a.b.myshopify.com",
    "",
  ])("%j is refused", (input) => {
    expect(shopDomain.safeParse(input).success).toBe(false);
  });
});

describe("vendor URL of a shop", () => {
  it("is https://<shop>/admin/api/2026-01 + the path, the shop from the account", () => {
    const url = requestUrl(shopify, { path: "/graphql.json" }, { shop: "acme-coffee.myshopify.com" });
    expect(url.href).toBe("https://acme-coffee.myshopify.com/admin/api/2026-01/graphql.json");
  });

  it("the operator's override replaces the shop's origin (a local fake), keeping the version path", () => {
    process.env.HOOKLINE_APP_SHOPIFY_BASE_URL = "http://127.0.0.1:9999";
    const url = requestUrl(shopify, { path: "/graphql.json" }, { shop: "acme-coffee.myshopify.com" });
    expect(url.href).toBe("http://127.0.0.1:9999/admin/api/2026-01/graphql.json");
  });

  it.each([undefined, "evil.com/x", "evil.com:1", "user@evil.com", "evil.com?", "evil.com#", ""])(
    "a host value %j that is not a plain DNS name never reaches the URL",
    (shop) => {
      expect(() => requestUrl(shopify, { path: "/graphql.json" }, shop === undefined ? {} : { shop })).toThrow(
        "Shopify: the account has no valid shop for the vendor's address",
      );
    },
  );
});

describe("ids", () => {
  it("a number becomes the kind's GID; a GID of that kind is kept; others are refused", () => {
    expect(shopifyGid("Order", 5550001112, "Order")).toBe("gid://shopify/Order/5550001112");
    expect(shopifyGid("Location", " gid://shopify/Location/64156221 ", "Location")).toBe(
      "gid://shopify/Location/64156221",
    );
    expect(() => shopifyGid("Order", "gid://shopify/Customer/1", "Order")).toThrow(/Order must be a number or/);
    expect(() => shopifyGid("Order", "#1001", "Order")).toThrow(/got "#1001"/);
  });
});

describe("THROTTLED", () => {
  const throttled = (cost: Record<string, unknown> | undefined) => ({
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    ...(cost ? { extensions: { cost } } : {}),
  });

  it("waits (requested - available) / restore rate seconds, a second when the cost is not said", () => {
    const wait = shopify.retryAfterMs!;
    expect(
      wait(throttled({ requestedQueryCost: 752, throttleStatus: { currentlyAvailable: 666, restoreRate: 50 } }), 200),
    ).toBe(1720);
    expect(wait(throttled(undefined), 200)).toBe(1000);
    expect(
      wait({ errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] }, 200),
    ).toBeUndefined();
    expect(wait({ errors: "[API] Invalid API key or access token" }, 401)).toBeUndefined();
    expect(wait({ data: { order: null } }, 200)).toBeUndefined();
  });
});
