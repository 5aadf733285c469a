// GitHub: signatures made by @octokit/webhooks-methods, whose verify() is the second opinion.
import { sign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

const SECRET = "It's a Secret to Everybody";
const OLD = "previous hook secret";
const config = verificationConfigSchema.parse({ preset: "github" });
const payload = JSON.stringify({ action: "opened", issue: { number: 1347, title: "Ünïcödé title 🚀" } });
const verify = (headers: Record<string, string>, secrets = [SECRET], body = payload) =>
  verifyDelivery({ rawBody: Buffer.from(body), headers, query: new URLSearchParams() }, config, secrets);
const signed = async (secret: string) => ({ "x-hub-signature-256": await sign(secret, payload) });

describe("github", () => {
  it("accepts a delivery signed by octokit, as octokit's verify does", async () => {
    const headers = await signed(SECRET);
    expect(verify(headers)).toEqual({ ok: true });
    expect(await octokitVerify(SECRET, payload, headers["x-hub-signature-256"])).toBe(true);
  });

  it("rejects a tampered body", async () => {
    const headers = await signed(SECRET);
    const tampered = payload.replace("1347", "1348");
    expect(verify(headers, [SECRET], tampered)).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await octokitVerify(SECRET, tampered, headers["x-hub-signature-256"])).toBe(false);
  });

  it("rejects a delivery signed with another secret", async () => {
    expect(verify(await signed("not the secret"))).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "X-Hub-Signature-256 does not match the body (checked 1 secret)",
    });
  });

  it("reports a missing header by name, and says the legacy SHA-1 header is not enough", () => {
    expect(verify({})).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Hub-Signature-256 header is missing",
    });
    expect(verify({ "x-hub-signature": "sha1=0000000000000000000000000000000000000000" })).toEqual({
      ok: false,
      reason: "missing_signature",
      message: "X-Hub-Signature-256 header is missing (the legacy SHA-1 X-Hub-Signature is not accepted)",
    });
  });

  it("rejects a signature without the sha256= prefix", async () => {
    const { "x-hub-signature-256": value } = await signed(SECRET);
    expect(verify({ "x-hub-signature-256": value.slice("sha256=".length) })).toMatchObject({ reason: "malformed" });
  });

  it("accepts old- and new-secret deliveries during a rotation, only new ones after it", async () => {
    expect(verify(await signed(SECRET), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(await signed(OLD), [SECRET, OLD])).toEqual({ ok: true });
    expect(verify(await signed(SECRET), [SECRET])).toEqual({ ok: true });
    expect(verify(await signed(OLD), [SECRET])).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("needs a secret", async () => {
    expect(verify(await signed(SECRET), [])).toEqual({
      ok: false,
      reason: "no_secret",
      message: "No secret is set for GitHub verification",
    });
  });
});
