"use client";

// Settings of the "email" kind (lib/nodes/kinds/email.ts): the SMTP server (credential), the
// recipients, subject and body as templates. Values inserted into the HTML body are escaped.
import { CredentialPicker } from "./http-credential-picker";
import { NumberField, TemplateField, str } from "./http-fields";
import type { ConfigFormProps } from "./types";

export function EmailForm({ config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const field = (
    key: string,
    label: string,
    extra: { hint?: string; placeholder?: string; rows?: number; mono?: boolean } = {},
  ) => (
    <TemplateField
      label={label}
      value={config[key]}
      onChange={(v) => set({ [key]: v })}
      error={errors.get(key)}
      {...extra}
    />
  );
  return (
    <div className="flex flex-col gap-4">
      <CredentialPicker
        label="SMTP server"
        type="smtp"
        value={str(config.credentialId)}
        onChange={(credentialId) => set({ credentialId })}
        error={errors.get("credentialId")}
      />
      {field("to", "To", {
        hint: "Comma-separated, e.g. {{ trigger.body.customer.email }}, ops@example.com",
        placeholder: "{{ trigger.body.customer.email }}",
      })}
      {field("cc", "Cc")}
      {field("bcc", "Bcc")}
      {field("subject", "Subject", { placeholder: "Order {{ trigger.body.id }} received" })}
      {field("text", "Text body", { rows: 6, hint: "Plain text; write text, HTML or both." })}
      {field("html", "HTML body", { rows: 6, mono: true, hint: "Values inserted with {{ }} are HTML-escaped." })}
      <details
        className="rounded-md border border-slate-200 p-3"
        open={Boolean(errors.get("from") ?? errors.get("replyTo") ?? errors.get("timeoutMs"))}
      >
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Sender and timeout</summary>
        <div className="mt-3 flex flex-col gap-4">
          {field("from", "From", {
            hint: "Empty: the SMTP server's From address.",
            placeholder: "Shop <orders@shop.example>",
          })}
          {field("replyTo", "Reply-To")}
          <NumberField
            label="Timeout (ms)"
            value={config.timeoutMs}
            onChange={(timeoutMs) => set({ timeoutMs })}
            error={errors.get("timeoutMs")}
            min={1_000}
            max={300_000}
            step={1_000}
          />
        </div>
      </details>
    </div>
  );
}
