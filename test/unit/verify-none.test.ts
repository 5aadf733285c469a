// The "none" preset accepts everything: there is nothing to check.
import { describe, expect, it } from "vitest";
import { verificationConfigSchema } from "@/lib/webhooks/verify/presets";
import { verifyDelivery } from "@/lib/webhooks/verify/verify";

describe("none", () => {
  it("accepts any delivery, without secrets or headers", () => {
    const config = verificationConfigSchema.parse({ preset: "none" });
    expect(
      verifyDelivery({ rawBody: new Uint8Array(), headers: {}, query: new URLSearchParams() }, config, []),
    ).toEqual({ ok: true });
    expect(
      verifyDelivery(
        {
          rawBody: Buffer.from("anything"),
          headers: { "stripe-signature": "t=1,v1=00" },
          query: new URLSearchParams(),
        },
        config,
        ["ignored"],
      ),
    ).toEqual({ ok: true });
  });
});
