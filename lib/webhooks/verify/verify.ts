import "server-only";
// Verifies an inbound delivery against its endpoint's preset, on the exact raw bytes and before
// anything parses the body. `secrets` is every secret accepted right now (during a rotation: the
// new one and the old one); a delivery signed with any of them passes.
import { verificationPresets, type VerificationConfig } from "./presets";
import { fail, OK, type Clock, type VerifyInput, type VerifyResult } from "./result";
import { verifyBasic } from "./schemes/basic";
import { verifyGithub } from "./schemes/github";
import { verifyHmac } from "./schemes/hmac";
import { verifyShopify } from "./schemes/shopify";
import { verifyStandardWebhooks } from "./schemes/standard-webhooks";
import { verifyStripe } from "./schemes/stripe";
import { verifyToken } from "./schemes/token";

export type { VerifyFailureReason, VerifyInput, VerifyResult, Clock } from "./result";
export { deliveryIdentity, type CustomIdentity } from "./delivery-identity";
export { deliveryEventType } from "./delivery-event-type";

export function verifyDelivery(
  input: VerifyInput,
  config: VerificationConfig,
  secrets: readonly string[],
  now: Clock = Date.now,
): VerifyResult {
  const preset = verificationPresets[config.preset];
  if (!preset.needsSecret) return OK;
  // An empty string would make an HMAC anyone can compute.
  const keys = secrets.filter((s) => s.length > 0);
  if (keys.length === 0) return fail("no_secret", `No secret is set for ${preset.label} verification`);

  switch (config.preset) {
    case "none":
      return OK;
    case "stripe":
      return verifyStripe(input, config, keys, now);
    case "shopify":
      return verifyShopify(input, keys);
    case "github":
      return verifyGithub(input, keys);
    case "standard-webhooks":
      return verifyStandardWebhooks(input, config, keys, now);
    case "hmac":
      return verifyHmac(input, config, keys, now);
    case "token":
      return verifyToken(input, config, keys);
    case "basic":
      return verifyBasic(input, config, keys);
    default: {
      const unknown: never = config;
      return fail(
        "malformed",
        `Unknown verification preset ${JSON.stringify((unknown as { preset: unknown }).preset)}`,
      );
    }
  }
}
