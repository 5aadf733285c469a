"use client";

// The inputs for one credential type's value (lib/credentials/types.ts). Secret parts are
// password inputs; errors are keyed by the path inside the value ("" for a plain string).
import type { ReactNode } from "react";
import type { CredentialType } from "@/lib/credentials/types";
import { Field } from "@/components/canvas/config-forms/field";
import { inputStyles } from "@/components/ui/styles";
import type { FormErrors } from "./form-errors";
import { TextField } from "./text-field";
import { inSentence } from "@/components/ui/in-sentence";

type Props = {
  type: CredentialType;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: FormErrors;
  hint?: ReactNode;
  labelPrefix?: string;
};

const smtpDefaults = { host: "", port: 587, secure: false, username: "", password: "", from: "" };

export function emptyValue(type: CredentialType): unknown {
  if (type === "basic-auth") return { username: "", password: "" };
  if (type === "header") return { name: "", value: "" };
  if (type === "smtp") return { ...smtpDefaults };
  return "";
}

/** Nothing typed yet: an edit form then leaves the stored value alone. */
export function isBlank(value: unknown): boolean {
  if (typeof value === "string") return value === "";
  return Object.values(value as Record<string, unknown>).every((v) => typeof v !== "string" || v === "");
}

const plainLabels: Partial<Record<CredentialType, string>> = {
  "webhook-secret": "Secret",
  "bearer-token": "Token",
  "slack-webhook-url": "Webhook URL",
  "discord-webhook-url": "Webhook URL",
  "teams-webhook-url": "Webhook URL",
};

export function CredentialValueFields({ type, value, onChange, errors, hint, labelPrefix = "" }: Props) {
  const label = (text: string) => (labelPrefix ? `${labelPrefix} ${inSentence(text)}` : text);
  const plain = plainLabels[type];
  if (plain) {
    return (
      <TextField
        label={label(plain)}
        secret
        value={typeof value === "string" ? value : ""}
        onChange={onChange}
        error={errors.get("")}
        hint={hint}
      />
    );
  }
  const obj: Record<string, unknown> = {
    ...(type === "smtp" ? smtpDefaults : {}),
    ...(value as Record<string, unknown>),
  };
  const set = (patch: Record<string, unknown>) => onChange({ ...obj, ...patch });
  const text = (key: string, fieldLabel: string, secret = false, placeholder?: string) => (
    <TextField
      key={key}
      label={label(fieldLabel)}
      secret={secret}
      placeholder={placeholder}
      value={typeof obj[key] === "string" ? obj[key] : ""}
      onChange={(v) => set({ [key]: v })}
      error={errors.get(key)}
    />
  );

  if (type === "basic-auth") return <>{[text("username", "Username"), text("password", "Password", true)]}</>;
  if (type === "header")
    return <>{[text("name", "Header name", false, "X-Api-Key"), text("value", "Header value", true)]}</>;
  return (
    <>
      {text("host", "Host", false, "smtp.example.com")}
      <Field label={label("Port")} error={errors.get("port")} hint="587 (STARTTLS) or 465 (TLS)">
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="number"
            min={1}
            max={65535}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={typeof obj.port === "number" ? obj.port : ""}
            onChange={(e) => set({ port: Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber })}
            className={inputStyles}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={obj.secure === true} onChange={(e) => set({ secure: e.target.checked })} />
        TLS from the first byte (port 465)
      </label>
      {[
        text("username", "Username"),
        text("password", "Password", true),
        text("from", "From", false, "Shop <shop@example.com>"),
      ]}
      {/* Off, a login is only sent encrypted (TLS or STARTTLS), or not at all. */}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={obj.allowUnencrypted === true}
          onChange={(e) => set({ allowUnencrypted: e.target.checked })}
        />
        Allow unencrypted connection (not recommended)
      </label>
    </>
  );
}
