// Shopify: the HMAC Shopify documents (base64 HMAC-SHA256 of the raw body with the client secret).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const SECRET = "shpss_current_0f1e2d3c4b5a";
const OLD = "shpss_previous_a5b4c3d2e1f0";
const config = verificationConfigSchema.parse({ preset: "shopify" });
const payload = JSON.stringify({ id: 820982911946154500, email: "jon@example.com", note: "Ça va? 👍" });
const shopifyHmac = (secret: string, body = payload) =>
  createHmac("sha256", secret).update(Buffer.from(body)).digest("base64");
const verify = (headers: Record<string, string>, secrets = [SECRET], body = payload) =>
  verifyDelivery({ rawBody: Buffer.from(body), headers, query: new URLSearchParams() }, config, secrets);
const signed = (secret: string) => ({ "x-shopify-hmac-sha256": shopifyHmac(secret) });

describe("shopify", () => {
  it("accepts a correctly signed delivery", () => {
    expect(verify(signed(SECRET))).toEqual({ ok: true });
  });

  it("rejects a tampered body", () => {
    expect(verify(signed(SECRET), [SECRET], payload.replace("jon@", "eve@"))).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("rejects a delivery signed with another secret", () => {
    expect(verify(signed("shpss_other"))).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "X-Shopify-Hmac-Sha256 does not match the body (checked 1 secret)",
    });
  });

  it("reports a missing header by name", () => {
    expect(verify({})).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Shopify-Hmac-Sha256 header is missing",
    });
  });

  it("rejects values that cannot be a SHA-256 digest", () => {
    expect(verify({ "x-shopify-hmac-sha256": "not base64!" })).toMatchObject({ reason: "bad_signature" });
    expect(verify({ "x-shopify-hmac-sha256": shopifyHmac(SECRET).slice(0, 20) })).toMatchObject({
      reason: "bad_signature",
    });
    expect(
      verify({ "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(payload).digest("hex") }),
    ).toMatchObject({ reason: "bad_signature" });
  });

  it("accepts old- and new-secret deliveries during a rotation, only new ones after it", () => {
    expect(verify(signed(SECRET), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(signed(OLD), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(signed(SECRET), [SECRET])).toEqual({ ok: true });
    expect(verify(signed(OLD), [SECRET])).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("needs a secret", () => {
    expect(verify(signed(SECRET), [])).toMatchObject({ ok: false, reason: "no_secret" });
  });
});
