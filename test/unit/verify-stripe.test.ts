// Stripe: signatures made by Stripe's own library, and its constructEvent as a second opinion.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery, type VerifyInput } from "@/lib/webhooks/verify/verify";

const stripe = new Stripe("sk_test_x");
const NOW = 1_700_000_000_000;
const T = NOW / 1000;
const clock = () => NOW;
const SECRET = "whsec_current_7e1c2f0a9b8d";
const OLD = "whsec_previous_41d9a3c2e5f0";
const config = verificationConfigSchema.parse({ preset: "stripe" });
// Pretty-printed with non-ASCII text, as Stripe sends it: re-serializing would change the bytes.
const payload = JSON.stringify(
  {
    id: "evt_1Q2w3E4r",
    object: "event",
    type: "payment_intent.succeeded",
    data: { object: { amount: 4200, description: "Café crème ☕" } },
  },
  null,
  2,
);

const header = (secret: string, timestamp = T, body = payload) =>
  stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
const v1 = (h: string) => h.split(",v1=")[1]!;
const input = (h: string | undefined, body = payload): VerifyInput => ({
  rawBody: Buffer.from(body),
  headers: h === undefined ? {} : { "stripe-signature": h },
  query: new URLSearchParams(),
});
const verify = (h: string | undefined, secrets = [SECRET], body = payload, cfg = config) =>
  verifyDelivery(input(h, body), cfg, secrets, clock);
const stripeAccepts = (h: string, secret = SECRET, body = payload) => {
  try {
    stripe.webhooks.constructEvent(Buffer.from(body), h, secret, 300, undefined, NOW);
    return true;
  } catch {
    return false;
  }
};

describe("stripe", () => {
  it("accepts a delivery signed by Stripe's library, as Stripe's constructEvent does", () => {
    const h = header(SECRET);
    expect(verify(h)).toEqual({ ok: true });
    expect(stripeAccepts(h)).toBe(true);
  });

  it("rejects a tampered body", () => {
    const h = header(SECRET);
    const tampered = payload.replace("4200", "4201");
    expect(verify(h, [SECRET], tampered)).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(stripeAccepts(h, SECRET, tampered)).toBe(false);
  });

  it("rejects the same JSON re-serialized: the raw bytes are what is signed", () => {
    const reserialized = JSON.stringify(JSON.parse(payload));
    expect(verify(header(SECRET), [SECRET], reserialized)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a delivery signed with another secret", () => {
    const h = header("whsec_someone_else");
    expect(verify(h)).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "No v1 signature in the Stripe-Signature header matches the body (checked 1 secret)",
    });
    expect(stripeAccepts(h)).toBe(false);
  });

  it("reports a missing header by name", () => {
    expect(verify(undefined)).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "Stripe-Signature header is missing",
    });
  });

  it("rejects a stale timestamp, as constructEvent does", () => {
    const h = header(SECRET, T - 912);
    expect(verify(h)).toEqual({
      ok: false,
      reason: "stale_timestamp",
      message: `Timestamp ${T - 912} is 912 s old (tolerance 300 s)`,
    });
    expect(stripeAccepts(h)).toBe(false);
  });

  it("accepts a timestamp exactly at the tolerance, as constructEvent does", () => {
    for (const t of [T - 300, T + 300]) expect(verify(header(SECRET, t))).toEqual({ ok: true });
    expect(stripeAccepts(header(SECRET, T - 300))).toBe(true);
  });

  it("rejects a future timestamp (stricter than Stripe's library, which only bounds the age)", () => {
    const h = header(SECRET, T + 912);
    expect(verify(h)).toEqual({
      ok: false,
      reason: "future_timestamp",
      message: `Timestamp ${T + 912} is 912 s in the future (tolerance 300 s)`,
    });
    expect(stripeAccepts(h)).toBe(true);
  });

  it("uses the configured tolerance", () => {
    const lenient = verificationConfigSchema.parse({ preset: "stripe", toleranceSeconds: 1000 });
    expect(verify(header(SECRET, T - 912), [SECRET], payload, lenient)).toEqual({ ok: true });
  });

  it("checks the signature before the timestamp: an old forgery is a bad signature", () => {
    expect(verify(header("whsec_forger", T - 10_000))).toMatchObject({ reason: "bad_signature" });
  });

  it("accepts old- and new-secret deliveries during a rotation, only new ones after it", () => {
    expect(verify(header(SECRET), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(header(OLD), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(header(SECRET), [SECRET])).toEqual({ ok: true });
    expect(verify(header(OLD), [SECRET])).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("accepts a header with several v1 signatures when any one matches, as constructEvent does", () => {
    const h = `t=${T},v1=${v1(header("whsec_other"))},v1=${v1(header(SECRET))}`;
    expect(verify(h)).toEqual({ ok: true });
    expect(stripeAccepts(h)).toBe(true);
    const none = `t=${T},v1=${v1(header("whsec_other"))},v1=${v1(header("whsec_third"))}`;
    expect(verify(none)).toMatchObject({ reason: "bad_signature" });
  });

  it("ignores v0 and unknown schemes", () => {
    const good = v1(header(SECRET));
    expect(verify(`t=${T},v0=${good},scheme2=zzz,v1=${good}`)).toEqual({ ok: true });
    // A valid digest under v0 alone is not a v1 signature.
    expect(verify(`t=${T},v0=${good}`)).toEqual({
      ok: false,
      reason: "malformed",
      message: "Stripe-Signature header has no v1= signature",
    });
    expect(stripeAccepts(`t=${T},v0=${good}`)).toBe(false);
  });

  it("rejects malformed headers", () => {
    const good = v1(header(SECRET));
    expect(verify(`v1=${good}`)).toMatchObject({
      reason: "malformed",
      message: "Stripe-Signature header has no t= timestamp",
    });
    expect(verify(`t=soon,v1=${good}`)).toMatchObject({
      reason: "malformed",
      message: 'Stripe-Signature timestamp "soon" is not Unix seconds',
    });
    expect(verify(`t=${T},t=${T},v1=${good}`)).toMatchObject({ reason: "malformed" });
    expect(verify(`t=${T},v1=${good.slice(2)}`)).toMatchObject({ reason: "bad_signature" });
    expect(verify(`t=${T},v1=${"z".repeat(64)}`)).toMatchObject({ reason: "bad_signature" });
  });

  it("tolerates spaces a proxy adds when joining header values", () => {
    expect(verify(`t=${T}, v1=${v1(header("whsec_other"))}, v1=${v1(header(SECRET))}`)).toEqual({ ok: true });
  });

  it("needs a secret", () => {
    expect(verify(header(SECRET), [])).toEqual({
      ok: false,
      reason: "no_secret",
      message: "No secret is set for Stripe verification",
    });
    expect(verify(header(SECRET), [""])).toMatchObject({ reason: "no_secret" });
  });
});
