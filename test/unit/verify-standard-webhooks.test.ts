// Standard Webhooks: signatures made by the `standardwebhooks` library, whose verify() is the
// second opinion (it reads Date.now, so the clock is faked for it; ours takes the clock directly).
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const NOW = 1_700_000_000_000;
const T = NOW / 1000;
const clock = () => NOW;
const key = (text: string) => `whsec_${Buffer.from(text).toString("base64")}`;
const SECRET = key("current-signing-key-0123456789ab");
const OLD = key("previous-signing-key-ba9876543210");
const ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const config = verificationConfigSchema.parse({ preset: "standard-webhooks" });
const payload = JSON.stringify({ type: "invoice.paid", data: { total: 1250, note: "Zürich — 東京" } });

const sign = (secret: string, t = T, body = payload, id = ID) => new Webhook(secret).sign(id, new Date(t * 1000), body);
const headersFor = (signature: string, t = T, id = ID) => ({
  "webhook-id": id,
  "webhook-timestamp": String(t),
  "webhook-signature": signature,
});
const verify = (headers: Record<string, string>, secrets = [SECRET], body = payload, cfg = config) =>
  verifyDelivery({ rawBody: Buffer.from(body), headers, query: new URLSearchParams() }, cfg, secrets, clock);
const libraryAccepts = (headers: Record<string, string>, secret = SECRET, body = payload) => {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe("standard-webhooks", () => {
  it("accepts a delivery signed by the standardwebhooks library, as its verify does", () => {
    const headers = headersFor(sign(SECRET));
    expect(verify(headers)).toEqual({ ok: true });
    expect(libraryAccepts(headers)).toBe(true);
  });

  it("rejects a tampered body", () => {
    const headers = headersFor(sign(SECRET));
    const tampered = payload.replace("1250", "1251");
    expect(verify(headers, [SECRET], tampered)).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(libraryAccepts(headers, SECRET, tampered)).toBe(false);
  });

  it("rejects a changed webhook-id: the id is signed too", () => {
    const headers = { ...headersFor(sign(SECRET)), "webhook-id": "msg_other" };
    expect(verify(headers)).toMatchObject({ reason: "bad_signature" });
    expect(libraryAccepts(headers)).toBe(false);
  });

  it("rejects a delivery signed with another secret", () => {
    const headers = headersFor(sign(key("someone-else")));
    expect(verify(headers)).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "No v1 signature in the webhook-signature header matches the body (checked 1 secret)",
    });
    expect(libraryAccepts(headers)).toBe(false);
  });

  it("names each missing header", () => {
    const { "webhook-signature": _s, ...noSignature } = headersFor(sign(SECRET));
    expect(verify(noSignature)).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "webhook-signature header is missing",
    });
    expect(verify({})).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "webhook-id, webhook-timestamp, webhook-signature headers are missing",
    });
  });

  it("rejects stale and future timestamps, as the library does", () => {
    const stale = headersFor(sign(SECRET, T - 912), T - 912);
    expect(verify(stale)).toEqual({
      ok: false,
      reason: "stale_timestamp",
      message: `Timestamp ${T - 912} is 912 s old (tolerance 300 s)`,
    });
    expect(libraryAccepts(stale)).toBe(false);
    const future = headersFor(sign(SECRET, T + 912), T + 912);
    expect(verify(future)).toEqual({
      ok: false,
      reason: "future_timestamp",
      message: `Timestamp ${T + 912} is 912 s in the future (tolerance 300 s)`,
    });
    expect(libraryAccepts(future)).toBe(false);
    for (const t of [T - 300, T + 300]) {
      expect(verify(headersFor(sign(SECRET, t), t))).toEqual({ ok: true });
      expect(libraryAccepts(headersFor(sign(SECRET, t), t))).toBe(true);
    }
  });

  it("uses the configured tolerance", () => {
    const lenient = verificationConfigSchema.parse({ preset: "standard-webhooks", toleranceSeconds: 3600 });
    expect(verify(headersFor(sign(SECRET, T + 912), T + 912), [SECRET], payload, lenient)).toEqual({ ok: true });
  });

  it("accepts old- and new-secret deliveries during a rotation, only new ones after it", () => {
    expect(verify(headersFor(sign(SECRET)), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(headersFor(sign(OLD)), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(headersFor(sign(SECRET)), [SECRET])).toEqual({ ok: true });
    expect(verify(headersFor(sign(OLD)), [SECRET])).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("accepts several signatures when any v1 matches, skipping v1a", () => {
    const signature = `${sign(key("other"))} v1a,${Buffer.alloc(64, 7).toString("base64")} ${sign(SECRET)}`;
    expect(verify(headersFor(signature))).toEqual({ ok: true });
    expect(libraryAccepts(headersFor(signature))).toBe(true);
    expect(verify(headersFor(`${sign(key("other"))} ${sign(key("third"))}`))).toMatchObject({
      reason: "bad_signature",
    });
  });

  it("reports a header with only unsupported signature versions as malformed", () => {
    expect(verify(headersFor(`v1a,${Buffer.alloc(64, 7).toString("base64")}`))).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("rejects a non-numeric timestamp", () => {
    expect(verify({ ...headersFor(sign(SECRET)), "webhook-timestamp": "2023-11-14T22:13:20Z" })).toMatchObject({
      reason: "malformed",
      message: 'webhook-timestamp "2023-11-14T22:13:20Z" is not Unix seconds',
    });
  });

  it("takes the secret with or without the whsec_ prefix", () => {
    expect(verify(headersFor(sign(SECRET)), [SECRET.slice("whsec_".length)])).toEqual({ ok: true });
  });

  it("needs a usable secret", () => {
    expect(verify(headersFor(sign(SECRET)), [])).toMatchObject({ ok: false, reason: "no_secret" });
    expect(verify(headersFor(sign(SECRET)), ["whsec_"])).toMatchObject({ ok: false, reason: "no_secret" });
  });
});
