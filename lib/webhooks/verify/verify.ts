import "server-only";
// Verifies an inbound delivery against its endpoint's preset, on the exact raw bytes and before
// anything parses the body. `secrets` is every secret accepted right now (during a rotation: the
// new one and the old one); a delivery signed with any of them passes. Most senders are instances
// of a generic scheme (an HMAC of the body with a given header, encoding and prefix, a
// `t=…,v1=…` header, Standard Webhooks); only really different algorithms have a scheme of their own.
import { fetchPaypalCert } from "./paypal-certs";
import { verificationPresets, type VerificationConfig } from "./presets";
import { fail, OK, type Clock, type VerifyInput, type VerifyResult } from "./result";
import { verifyBasic } from "./schemes/basic";
import { verifyGithub } from "./schemes/github";
import { verifyHmac, verifyHmacSpec } from "./schemes/hmac";
import { verifyLinear } from "./schemes/linear";
import { verifyMailgun } from "./schemes/mailgun";
import { verifyPaypal } from "./schemes/paypal";
import { verifySendgrid } from "./schemes/sendgrid";
import { verifyShopify } from "./schemes/shopify";
import { verifyStandardWebhooks } from "./schemes/standard-webhooks";
import { STRIPE, verifyTimestampPairs } from "./schemes/stripe";
import { verifyToken } from "./schemes/token";
import { verifyTwilio } from "./schemes/twilio";

export type { VerifyFailureReason, VerifyInput, VerifyResult, Clock } from "./result";
export { deliveryIdentity, replayIdentity, type CustomIdentity } from "./delivery-identity";
export { deliveryEventType } from "./delivery-event-type";

/**
 * What a verifier needs fetched before it runs (PayPal's certificate), or null when nothing: only
 * then is there something to await, so other presets add no step to the hot path.
 */
export function prepareVerification(config: VerificationConfig, headers: Record<string, string>): Promise<void> | null {
  return config.preset === "paypal" ? fetchPaypalCert(headers["paypal-cert-url"]?.trim()) : null;
}

// Senders whose signature is an HMAC of the body alone, in one header: only these parameters differ.
const BODY_HMAC = {
  woocommerce: { header: "X-WC-Webhook-Signature", algorithm: "sha256", encoding: "base64", prefix: "" },
  "lemon-squeezy": { header: "X-Signature", algorithm: "sha256", encoding: "hex", prefix: "" },
  typeform: { header: "Typeform-Signature", algorithm: "sha256", encoding: "base64", prefix: "sha256=" },
  intercom: { header: "X-Hub-Signature", algorithm: "sha1", encoding: "hex", prefix: "sha1=" },
} as const;

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
      return verifyTimestampPairs(input, { ...STRIPE, toleranceSeconds: config.toleranceSeconds }, keys, now);
    case "calendly":
      return verifyTimestampPairs(
        input,
        { ...STRIPE, header: "Calendly-Webhook-Signature", toleranceSeconds: config.toleranceSeconds },
        keys,
        now,
      );
    case "paddle":
      return verifyTimestampPairs(
        input,
        {
          header: "Paddle-Signature",
          separator: ";",
          timestampKey: "ts",
          signatureKey: "h1",
          joiner: ":",
          toleranceSeconds: config.toleranceSeconds,
        },
        keys,
        now,
      );
    case "shopify":
    case "shopify-merchant":
      return verifyShopify(input, keys);
    case "github":
      return verifyGithub(input, keys);
    case "standard-webhooks":
      return verifyStandardWebhooks(input, config, keys, now);
    case "clerk":
      return verifyStandardWebhooks(input, config, keys, now, "svix-");
    case "woocommerce":
    case "lemon-squeezy":
    case "typeform":
    case "intercom":
      return verifyHmacSpec(input, { ...BODY_HMAC[config.preset], toleranceSeconds: 0 }, keys, now);
    case "square":
      return verifyHmacSpec(
        input,
        {
          prefix: "",
          toleranceSeconds: 0,
          header: "X-Square-Hmacsha256-Signature",
          algorithm: "sha256",
          encoding: "base64",
          signedPrefix: () => config.notificationUrl,
        },
        keys,
        now,
      );
    case "slack":
    case "zoom": {
      const [header, timestampHeader] =
        config.preset === "slack"
          ? ["X-Slack-Signature", "X-Slack-Request-Timestamp"]
          : ["x-zm-signature", "x-zm-request-timestamp"];
      return verifyHmacSpec(
        input,
        {
          header,
          timestampHeader,
          algorithm: "sha256",
          encoding: "hex",
          prefix: "v0=",
          signedPrefix: (t) => `v0:${t}:`,
          toleranceSeconds: config.toleranceSeconds,
        },
        keys,
        now,
      );
    }
    case "linear":
      return verifyLinear(input, config, keys, now);
    case "twilio":
      return verifyTwilio(input, config, keys);
    case "mailgun":
      return verifyMailgun(input, config, keys, now);
    case "sendgrid":
      return verifySendgrid(input, config, keys, now);
    case "paypal":
      return verifyPaypal(input, keys, now);
    case "hmac":
      return verifyHmac(input, config, keys, now);
    case "token":
    case "yotpo":
    case "spocket":
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
