// The configurable HMAC preset, signed by hand with node:crypto.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationConfigSchema, type VerificationConfigInput } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const NOW = 1_700_000_000_000;
const T = NOW / 1000;
const clock = () => NOW;
const SECRET = "hmac-current-secret";
const OLD = "hmac-previous-secret";
const payload = JSON.stringify({ event: "order.paid", total: "19.90", city: "Kraków" });

const parse = (c: Omit<Extract<VerificationConfigInput, { preset: "hmac" }>, "preset">) =>
  verificationConfigSchema.parse({ preset: "hmac", ...c });
const plain = parse({ header: "X-Signature" });
const prefixed = parse({ header: "X-Hub-Signature", algorithm: "sha1", encoding: "base64", prefix: "sha1=" });
const timed = parse({ header: "X-Signature", prefix: "v1=", timestampHeader: "X-Timestamp" });

const mac = (
  secret: string,
  content: string,
  algorithm: "sha256" | "sha1" = "sha256",
  encoding: "hex" | "base64" = "hex",
) => createHmac(algorithm, secret).update(content).digest(encoding);
const verify = (
  config: ReturnType<typeof parse>,
  headers: Record<string, string>,
  secrets = [SECRET],
  body = payload,
) => verifyDelivery({ rawBody: Buffer.from(body), headers, query: new URLSearchParams() }, config, secrets, clock);
const timedHeaders = (secret: string, t = T) => ({
  "x-signature": `v1=${mac(secret, `${t}.${payload}`)}`,
  "x-timestamp": String(t),
});

describe("hmac", () => {
  it("accepts a hex SHA-256 of the body in the configured header", () => {
    expect(verify(plain, { "x-signature": mac(SECRET, payload) })).toEqual({ ok: true });
  });

  it("accepts a base64 SHA-1 with a prefix, whatever the prefix's case", () => {
    const digest = mac(SECRET, payload, "sha1", "base64");
    expect(verify(prefixed, { "x-hub-signature": `sha1=${digest}` })).toEqual({ ok: true });
    expect(verify(prefixed, { "x-hub-signature": `SHA1=${digest}` })).toEqual({ ok: true });
    expect(verify(prefixed, { "x-hub-signature": digest })).toEqual({
      ok: false,
      reason: "malformed",
      message: 'X-Hub-Signature header does not start with "sha1="',
    });
  });

  it("rejects a tampered body", () => {
    expect(
      verify(plain, { "x-signature": mac(SECRET, payload) }, [SECRET], payload.replace("19.90", "0.01")),
    ).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a delivery signed with another secret", () => {
    expect(verify(plain, { "x-signature": mac("other", payload) })).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "X-Signature does not match the body (checked 1 secret)",
    });
  });

  it("rejects a digest of the wrong algorithm or encoding", () => {
    expect(verify(plain, { "x-signature": mac(SECRET, payload, "sha1") })).toMatchObject({ reason: "bad_signature" });
    expect(verify(plain, { "x-signature": mac(SECRET, payload, "sha256", "base64") })).toMatchObject({
      reason: "bad_signature",
    });
  });

  it("reports a missing header by its configured name", () => {
    expect(verify(plain, {})).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Signature header is missing",
    });
    expect(verify(timed, { "x-signature": "v1=00" })).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Timestamp header is missing",
    });
  });

  it("signs `${timestamp}.${body}` when a timestamp header is configured", () => {
    expect(verify(timed, timedHeaders(SECRET))).toEqual({ ok: true });
    // The body alone is not what was signed.
    expect(verify(timed, { "x-signature": `v1=${mac(SECRET, payload)}`, "x-timestamp": String(T) })).toMatchObject({
      reason: "bad_signature",
    });
    // Nor can the timestamp be moved.
    expect(verify(timed, { ...timedHeaders(SECRET), "x-timestamp": String(T + 1) })).toMatchObject({
      reason: "bad_signature",
    });
  });

  it("rejects stale and future timestamps", () => {
    expect(verify(timed, timedHeaders(SECRET, T - 912))).toEqual({
      ok: false,
      reason: "stale_timestamp",
      message: `Timestamp ${T - 912} is 912 s old (tolerance 300 s)`,
    });
    expect(verify(timed, timedHeaders(SECRET, T + 912))).toEqual({
      ok: false,
      reason: "future_timestamp",
      message: `Timestamp ${T + 912} is 912 s in the future (tolerance 300 s)`,
    });
    expect(verify(timed, { ...timedHeaders(SECRET), "x-timestamp": "yesterday" })).toMatchObject({
      reason: "malformed",
    });
  });

  it("accepts old- and new-secret deliveries during a rotation, only new ones after it", () => {
    expect(verify(plain, { "x-signature": mac(SECRET, payload) }, [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(plain, { "x-signature": mac(OLD, payload) }, [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(timed, timedHeaders(OLD), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(plain, { "x-signature": mac(OLD, payload) }, [SECRET])).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("hashes the exact bytes, even when they are not valid UTF-8", () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const signature = createHmac("sha256", SECRET).update(bytes).digest("hex");
    const input = {
      rawBody: new Uint8Array(bytes),
      headers: { "x-signature": signature },
      query: new URLSearchParams(),
    };
    expect(verifyDelivery(input, plain, [SECRET], clock)).toEqual({ ok: true });
  });

  it("needs a secret", () => {
    expect(verify(plain, { "x-signature": mac(SECRET, payload) }, [])).toEqual({
      ok: false,
      reason: "no_secret",
      message: "No secret is set for Custom HMAC verification",
    });
  });
});
