"use client";

// The settings a verification preset has beyond its secret: the timestamp tolerance (Stripe,
// Standard Webhooks, HMAC with a timestamp), the HMAC's algorithm/encoding/headers, where a shared
// token is sent, the Basic auth username.
import { TextField } from "@/components/credentials/text-field";
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import type { FieldErrors } from "../types";
import { num, str, type Config } from "./config-access";
import { NumberField } from "./number-field";
import type { VerificationPreset } from "@/lib/webhooks/verify/presets";
import { SelectField } from "./select-field";

type Props = { preset: VerificationPreset; verification: Config; set: (patch: Config) => void; errors: FieldErrors };

export function PresetOptions({ preset, verification: v, set, errors }: Props) {
  const e = (field: string) => errors.get(`verification.${field}`);
  const tolerance = (
    <NumberField
      label={labels["verification.toleranceSeconds"]}
      value={num(v.toleranceSeconds)}
      onChange={(n) => set({ toleranceSeconds: n })}
      placeholder={300}
      min={1}
      max={86_400}
      error={e("toleranceSeconds")}
      hint="Deliveries signed longer ago (or ahead) than this are refused as replays."
    />
  );

  const senderUrl = (field: "notificationUrl" | "url", label: string, hint: string) => (
    <TextField
      label={label}
      mono
      value={str(v[field])}
      onChange={(u) => set({ [field]: u })}
      placeholder="https://hooks.example.com/api/hooks/…"
      error={e(field)}
      hint={hint}
    />
  );

  switch (preset) {
    case "stripe":
    case "standard-webhooks":
    case "clerk":
    case "paddle":
    case "slack":
    case "zoom":
    case "mailgun":
    case "sendgrid":
    case "calendly":
    case "linear":
      return tolerance;
    case "square":
      return senderUrl(
        "notificationUrl",
        "Notification URL",
        "Exactly as entered in the Square subscription: Square signs it with the body.",
      );
    case "twilio":
      return senderUrl("url", "Webhook URL", "Exactly as entered at Twilio: Twilio signs it with the parameters.");
    case "hmac":
      return (
        <>
          <SelectField
            label={labels["verification.algorithm"]}
            value={str(v.algorithm, "sha256")}
            options={[
              { value: "sha256", label: "HMAC-SHA256" },
              { value: "sha1", label: "HMAC-SHA1" },
            ]}
            onChange={(algorithm) => set({ algorithm })}
            error={e("algorithm")}
          />
          <SelectField
            label={labels["verification.encoding"]}
            value={str(v.encoding, "hex")}
            options={[
              { value: "hex", label: "Hex" },
              { value: "base64", label: "Base64" },
            ]}
            onChange={(encoding) => set({ encoding })}
            error={e("encoding")}
          />
          <TextField
            label={labels["verification.header"]}
            mono
            value={str(v.header)}
            onChange={(header) => set({ header })}
            placeholder="X-Signature"
            error={e("header")}
          />
          <TextField
            label={labels["verification.prefix"]}
            mono
            value={str(v.prefix)}
            onChange={(prefix) => set({ prefix })}
            placeholder="sha256="
            error={e("prefix")}
            hint="Text before the digest in the header, if any."
          />
          <TextField
            label={labels["verification.timestampHeader"]}
            mono
            value={str(v.timestampHeader)}
            onChange={(h) => set({ timestampHeader: h.trim() ? h : undefined })}
            placeholder="X-Timestamp"
            error={e("timestampHeader")}
            hint="Optional. When set, the signed content is `timestamp.body` and old timestamps are refused."
          />
          {str(v.timestampHeader) !== "" && tolerance}
        </>
      );
    case "token":
    case "yotpo":
    case "spocket":
      return (
        <>
          <SelectField
            label={labels["verification.in"]}
            value={str(v.in, "header")}
            options={[
              { value: "header", label: "Header" },
              { value: "query", label: "Query parameter" },
            ]}
            onChange={(location) => set({ in: location })}
            error={e("in")}
          />
          <TextField
            label={labels["verification.name"]}
            mono
            value={str(v.name)}
            onChange={(name) => set({ name })}
            placeholder={v.in === "query" ? "token" : "X-Webhook-Token"}
            error={e("name")}
            hint={
              v.in === "query"
                ? "The query parameter that carries the token."
                : "The header that carries the token (Authorization: Bearer works too)."
            }
          />
        </>
      );
    case "basic":
      return (
        <TextField
          label={labels["verification.username"]}
          value={str(v.username)}
          onChange={(username) => set({ username })}
          error={e("username")}
          hint="The password is the signing secret below."
        />
      );
    default:
      return null;
  }
}
