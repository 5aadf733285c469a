// The shared-token preset: a secret in a header or query parameter.
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const SECRET = "tok_current_3f9a1b";
const OLD = "tok_previous_77c2";
const inHeader = verificationConfigSchema.parse({ preset: "token", in: "header", name: "X-Webhook-Token" });
const inQuery = verificationConfigSchema.parse({ preset: "token", in: "query", name: "token" });
const verify = (
  config: typeof inHeader,
  headers: Record<string, string>,
  query = "",
  secrets = [SECRET],
  body = "{}",
) => verifyDelivery({ rawBody: Buffer.from(body), headers, query: new URLSearchParams(query) }, config, secrets);

describe("token", () => {
  it("accepts the secret in the configured header or query parameter", () => {
    expect(verify(inHeader, { "x-webhook-token": SECRET })).toEqual({ ok: true });
    expect(verify(inQuery, {}, `token=${SECRET}`)).toEqual({ ok: true });
  });

  it("accepts the Bearer form in a header", () => {
    const auth = verificationConfigSchema.parse({ preset: "token", in: "header", name: "Authorization" });
    expect(verify(auth, { authorization: `Bearer ${SECRET}` })).toEqual({ ok: true });
    expect(verify(auth, { authorization: `Bearer wrong` })).toMatchObject({ reason: "bad_signature" });
  });

  it("does not cover the body: a token proves the sender, not the content", () => {
    expect(verify(inHeader, { "x-webhook-token": SECRET }, "", [SECRET], '{"tampered":true}')).toEqual({ ok: true });
  });

  it("rejects a wrong token of any length", () => {
    for (const wrong of ["x", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()]) {
      expect(verify(inHeader, { "x-webhook-token": wrong })).toEqual({
        ok: false,
        reason: "bad_signature",
        message: "X-Webhook-Token header does not match (checked 1 secret)",
      });
    }
    expect(verify(inQuery, {}, "token=nope")).toMatchObject({
      reason: "bad_signature",
      message: "token query parameter does not match (checked 1 secret)",
    });
  });

  it("reports a missing token by name", () => {
    expect(verify(inHeader, {})).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Webhook-Token header is missing",
    });
    expect(verify(inQuery, { token: SECRET }, "other=1")).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "token query parameter is missing",
    });
  });

  it("accepts old- and new-secret tokens during a rotation, only new ones after it", () => {
    expect(verify(inHeader, { "x-webhook-token": SECRET }, "", [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(inHeader, { "x-webhook-token": OLD }, "", [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(inHeader, { "x-webhook-token": OLD }, "", [SECRET])).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("needs a secret, and never matches an empty one", () => {
    expect(verify(inHeader, { "x-webhook-token": "" }, "", [""])).toMatchObject({ reason: "no_secret" });
    expect(verify(inQuery, {}, "token=", [SECRET])).toMatchObject({ reason: "missing_signature" });
  });
});
