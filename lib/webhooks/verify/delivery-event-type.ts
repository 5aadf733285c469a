// The sender's name for what happened ("payment_intent.succeeded", "orders/create",
// "issues.opened"), for the run list and for filtering. Where each sender puts it is preset data
// (presets.ts `eventType`): a header (Shopify, WooCommerce, Linear) or a body path (Stripe's
// `type`, Paddle's `event_type`, Mailgun's `event-data.event`); the body's `type` or `event`
// otherwise.
import { readJsonPath } from "./json-path";
import { verificationPresets, type PresetInfo, type VerificationConfig } from "./presets";
import type { VerifyInput } from "./result";

const MAX_LENGTH = 200;

const str = (value: unknown): string | null => (typeof value === "string" && value ? value.slice(0, MAX_LENGTH) : null);

function fromPreset(input: Pick<VerifyInput, "headers">, config: VerificationConfig, json: unknown): string | null {
  if (config.preset === "github") {
    // GitHub names the event in a header and the action in the body: "issues.opened".
    const event = str(input.headers["x-github-event"]);
    const action = str(readJsonPath(json, "action"));
    return event && action ? str(`${event}.${action}`) : event;
  }
  const at = (verificationPresets[config.preset] as PresetInfo).eventType;
  if (!at) return null;
  return (
    (at.header ? str(input.headers[at.header]) : null) ?? (at.jsonPath ? str(readJsonPath(json, at.jsonPath)) : null)
  );
}

export function deliveryEventType(
  input: Pick<VerifyInput, "headers">,
  config: VerificationConfig,
  json: unknown,
): string | null {
  return fromPreset(input, config, json) ?? str(readJsonPath(json, "type")) ?? str(readJsonPath(json, "event"));
}
