// deliveryIdentity (the dedupe key) and deliveryEventType, per preset and with custom sources.
import { describe, expect, it } from "vitest";
import { deliveryEventType } from "@/lib/webhooks/verify/delivery-event-type";
import { deliveryIdentity } from "@/lib/webhooks/verify/delivery-identity";
import { verificationConfigSchema, type VerificationConfigInput } from "@/lib/webhooks/verify/presets";

const cfg = (c: VerificationConfigInput) => verificationConfigSchema.parse(c);
const input = (headers: Record<string, string> = {}) => ({
  rawBody: new Uint8Array(),
  headers,
  query: new URLSearchParams(),
});
const stripeEvent = {
  id: "evt_1Q2w3E4r",
  object: "event",
  type: "payment_intent.succeeded",
  data: { object: { id: "pi_9", metadata: { order: "A-1001" } } },
};

describe("deliveryIdentity", () => {
  it("uses each sender's documented delivery id", () => {
    expect(deliveryIdentity(input(), cfg({ preset: "stripe" }), stripeEvent)).toBe("evt_1Q2w3E4r");
    expect(
      deliveryIdentity(
        input({ "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "x-shopify-event-id": "ev-1" }),
        cfg({ preset: "shopify" }),
        {},
      ),
    ).toBe("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    expect(
      deliveryIdentity(
        input({ "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }),
        cfg({ preset: "github" }),
        {},
      ),
    ).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(
      deliveryIdentity(
        input({ "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" }),
        cfg({ preset: "standard-webhooks" }),
        {},
      ),
    ).toBe("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
  });

  it("is null when the sender's id is absent or not a string", () => {
    expect(deliveryIdentity(input(), cfg({ preset: "stripe" }), undefined)).toBeNull();
    expect(deliveryIdentity(input(), cfg({ preset: "stripe" }), { id: 42 })).toBeNull();
    expect(deliveryIdentity(input(), cfg({ preset: "shopify" }), {})).toBeNull();
    expect(deliveryIdentity(input(), cfg({ preset: "github" }), {})).toBeNull();
    expect(deliveryIdentity(input(), cfg({ preset: "standard-webhooks" }), {})).toBeNull();
  });

  it("is null for presets without a delivery id", () => {
    for (const c of [
      cfg({ preset: "none" }),
      cfg({ preset: "hmac", header: "x-signature" }),
      cfg({ preset: "token", in: "query", name: "t" }),
      cfg({ preset: "basic", username: "u" }),
    ]) {
      expect(deliveryIdentity(input({ "webhook-id": "msg_1" }), c, { id: "evt_1" })).toBeNull();
    }
  });

  it("prefers a custom header or JSON path, and uses only it", () => {
    const headers = input({ "X-Request-Id": "ignored", "x-request-id": "req_77", "webhook-id": "msg_1" });
    expect(deliveryIdentity(headers, cfg({ preset: "standard-webhooks" }), {}, { header: "X-Request-Id" })).toBe(
      "req_77",
    );
    expect(
      deliveryIdentity(input(), cfg({ preset: "stripe" }), stripeEvent, { jsonPath: "data.object.metadata.order" }),
    ).toBe("A-1001");
    expect(deliveryIdentity(input(), cfg({ preset: "none" }), { items: [{ id: 5 }] }, { jsonPath: "items.0.id" })).toBe(
      "5",
    );
    // When the custom source is absent there is no fallback to the preset's id.
    expect(
      deliveryIdentity(input(), cfg({ preset: "stripe" }), stripeEvent, { jsonPath: "data.object.missing" }),
    ).toBeNull();
    expect(
      deliveryIdentity(
        input({ "webhook-id": "msg_1" }),
        cfg({ preset: "standard-webhooks" }),
        {},
        { header: "x-absent" },
      ),
    ).toBeNull();
  });

  it("never resolves through __proto__, constructor or prototype, even as own JSON keys", () => {
    const json = JSON.parse(
      '{"__proto__": {"id": "polluted"}, "a": {"constructor": {"id": "c"}, "prototype": {"id": "p"}}}',
    );
    const none = cfg({ preset: "none" });
    expect(deliveryIdentity(input(), none, json, { jsonPath: "__proto__.id" })).toBeNull();
    expect(deliveryIdentity(input(), none, json, { jsonPath: "a.constructor.id" })).toBeNull();
    expect(deliveryIdentity(input(), none, json, { jsonPath: "a.prototype.id" })).toBeNull();
    expect(deliveryIdentity(input(), none, {}, { jsonPath: "constructor.name" })).toBeNull();
    expect(deliveryIdentity(input(), none, [], { jsonPath: "constructor.name" })).toBeNull();
    expect(deliveryIdentity(input(), none, { a: { b: "x" } }, { jsonPath: "a.toString" })).toBeNull();
  });

  it("ignores empty paths and segments, non-scalar values and over-long ids", () => {
    const none = cfg({ preset: "none" });
    expect(deliveryIdentity(input(), none, { a: { "": "x" } }, { jsonPath: "a..b" })).toBeNull();
    expect(deliveryIdentity(input(), none, { a: { b: 1 } }, { jsonPath: "a" })).toBeNull();
    expect(deliveryIdentity(input(), none, { a: "   " }, { jsonPath: "a" })).toBeNull();
    expect(deliveryIdentity(input(), none, { a: "x".repeat(256) }, { jsonPath: "a" })).toBeNull();
    expect(deliveryIdentity(input(), none, { a: " id-1 " }, { jsonPath: "a" })).toBe("id-1");
  });
});

describe("deliveryEventType", () => {
  it("reads each sender's event name", () => {
    expect(deliveryEventType(input(), cfg({ preset: "stripe" }), stripeEvent)).toBe("payment_intent.succeeded");
    expect(
      deliveryEventType(input({ "x-shopify-topic": "orders/create" }), cfg({ preset: "shopify" }), { type: "ignored" }),
    ).toBe("orders/create");
    expect(
      deliveryEventType(input({ "webhook-id": "msg_1" }), cfg({ preset: "standard-webhooks" }), {
        type: "invoice.paid",
      }),
    ).toBe("invoice.paid");
  });

  it("appends GitHub's action when the body has one", () => {
    const github = cfg({ preset: "github" });
    expect(deliveryEventType(input({ "x-github-event": "issues" }), github, { action: "opened" })).toBe(
      "issues.opened",
    );
    expect(deliveryEventType(input({ "x-github-event": "push" }), github, { ref: "refs/heads/main" })).toBe("push");
    expect(deliveryEventType(input({ "x-github-event": "push" }), github, { action: 3 })).toBe("push");
  });

  it("falls back to the body's type, then event, for other presets", () => {
    expect(deliveryEventType(input(), cfg({ preset: "none" }), { type: "lead.created" })).toBe("lead.created");
    expect(
      deliveryEventType(input(), cfg({ preset: "token", in: "header", name: "x-token" }), { event: "form.submitted" }),
    ).toBe("form.submitted");
    expect(deliveryEventType(input(), cfg({ preset: "hmac", header: "x-signature" }), { type: 7, event: "ping" })).toBe(
      "ping",
    );
    expect(deliveryEventType(input(), cfg({ preset: "none" }), ["type"])).toBeNull();
    expect(deliveryEventType(input(), cfg({ preset: "basic", username: "u" }), undefined)).toBeNull();
  });

  it("does not read an inherited type", () => {
    expect(deliveryEventType(input(), cfg({ preset: "none" }), Object.create({ type: "inherited" }))).toBeNull();
  });
});
