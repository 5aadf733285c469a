// The Basic-auth preset: config.username, the secret as password.
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const SECRET = "pa:ss-wörd-current";
const OLD = "password-previous";
const config = verificationConfigSchema.parse({ preset: "basic", username: "hookline" });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const verify = (headers: Record<string, string>, secrets = [SECRET]) =>
  verifyDelivery({ rawBody: Buffer.from("{}"), headers, query: new URLSearchParams() }, config, secrets);

describe("basic", () => {
  it("accepts the username and the secret as password (which may hold colons)", () => {
    expect(verify({ authorization: basic("hookline", SECRET) })).toEqual({ ok: true });
    expect(verify({ authorization: basic("hookline", SECRET).replace("Basic", "basic") })).toEqual({ ok: true });
  });

  it("rejects a wrong password or a wrong username", () => {
    expect(verify({ authorization: basic("hookline", "guess") })).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "Authorization credentials do not match (checked 1 secret)",
    });
    expect(verify({ authorization: basic("admin", SECRET) })).toMatchObject({ reason: "bad_signature" });
  });

  it("reports a missing header by name", () => {
    expect(verify({})).toEqual({ ok: false, reason: "missing_signature", message: "Authorization header is missing" });
  });

  it("rejects other schemes and credentials without a colon as malformed", () => {
    expect(verify({ authorization: `Bearer ${SECRET}` })).toMatchObject({
      reason: "malformed",
      message: "Authorization header is not Basic credentials",
    });
    expect(verify({ authorization: `Basic ${Buffer.from("hookline").toString("base64")}` })).toMatchObject({
      reason: "malformed",
    });
  });

  it("accepts old- and new-secret passwords during a rotation, only new ones after it", () => {
    expect(verify({ authorization: basic("hookline", SECRET) }, [SECRET, OLD])).toEqual({ ok: true });
    expect(verify({ authorization: basic("hookline", OLD) }, [SECRET, OLD])).toEqual({ ok: true });
    expect(verify({ authorization: basic("hookline", OLD) }, [SECRET])).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("needs a secret", () => {
    expect(verify({ authorization: basic("hookline", "") }, [])).toMatchObject({ ok: false, reason: "no_secret" });
  });
});
