// The sender's name for what happened ("payment_intent.succeeded", "orders/create",
// "issues.opened"), for the run list and for filtering. Shopify and GitHub put it in a header,
// Stripe and Standard Webhooks senders in the body's `type`.
import { readJsonPath } from "./json-path";
import type { VerificationConfig } from "./presets";
import type { VerifyInput } from "./result";

const MAX_LENGTH = 200;

const str = (value: unknown): string | null => (typeof value === "string" && value ? value.slice(0, MAX_LENGTH) : null);

function fromPreset(input: Pick<VerifyInput, "headers">, config: VerificationConfig, json: unknown): string | null {
  switch (config.preset) {
    case "shopify":
      return str(input.headers["x-shopify-topic"]);
    case "github": {
      const event = str(input.headers["x-github-event"]);
      const action = str(readJsonPath(json, "action"));
      return event && action ? str(`${event}.${action}`) : event;
    }
    default:
      return null; // Stripe and Standard Webhooks: the body's `type`, below
  }
}

export function deliveryEventType(
  input: Pick<VerifyInput, "headers">,
  config: VerificationConfig,
  json: unknown,
): string | null {
  return fromPreset(input, config, json) ?? str(readJsonPath(json, "type")) ?? str(readJsonPath(json, "event"));
}
