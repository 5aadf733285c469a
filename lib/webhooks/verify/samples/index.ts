// Every preset's example deliveries (types.ts), for the editor's data picker while the flow has no
// captured sample yet. Browser-safe data.
import type { VerificationPreset } from "../presets";
import { calendly, typeform } from "./forms";
import { shopify, spocket, woocommerce, yotpo } from "./commerce";
import { clerk, github, linear, standardWebhooks } from "./developer";
import { intercom, mailgun, sendgrid, slack, twilio, zoom } from "./messaging";
import { lemonSqueezy, paddle, paypal, square, stripe } from "./payments";
import type { SenderSample } from "./types";

export type { SenderSample } from "./types";

export const senderSamples: Partial<Record<VerificationPreset, readonly SenderSample[]>> = {
  stripe,
  paypal,
  square,
  paddle,
  "lemon-squeezy": lemonSqueezy,
  shopify,
  "shopify-merchant": shopify,
  woocommerce,
  yotpo,
  spocket,
  github,
  "standard-webhooks": standardWebhooks,
  clerk,
  linear,
  twilio,
  slack,
  zoom,
  mailgun,
  sendgrid,
  intercom,
  typeform,
  calendly,
};

/** The trigger output (lib/deliveries/parse-request.ts) a preset's sample would give a flow. */
export function sampleTrigger(sample: SenderSample) {
  return {
    method: "POST",
    headers: sample.headers ?? { "content-type": "application/json" },
    query: {},
    body: sample.body,
  };
}
