"use client";

// Settings of the "http" kind (lib/nodes/kinds/http.ts): method, URL, query, headers, body (JSON
// template, form fields or raw text), auth from a stored credential, timeout, and, folded away,
// redirects, response parsing and which statuses count as success.
import {
  httpAuthCredentialType,
  httpAuthModes,
  httpBodyTypes,
  httpMethods,
  httpResponseFormats,
} from "@/lib/nodes/kinds/http";
import { buttonStyles } from "@/components/ui/styles";
import { asRecord } from "../kinds";
import { HeadersEditor, type HeaderRow } from "./headers-editor";
import { CredentialPicker } from "./http-credential-picker";
import { CheckboxField, NumberField, PairsEditor, TemplateField, pairsOf, str } from "./http-fields";
import type { ConfigFormProps } from "./types";
import { SelectField } from "./webhook/select-field";

const bodyLabels: Record<(typeof httpBodyTypes)[number], string> = {
  json: "JSON",
  form: "Form fields",
  raw: "Raw text",
};
const authLabels: Record<(typeof httpAuthModes)[number], string> = {
  none: "None",
  bearer: "Bearer token",
  basic: "Basic auth",
  header: "Secret header",
};
const formatLabels: Record<(typeof httpResponseFormats)[number], string> = {
  auto: "Automatic (JSON when declared)",
  json: "JSON",
  text: "Text",
};
const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));

export function HttpForm({ config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const method = str(config.method, "POST");
  const bodyType = (httpBodyTypes as readonly string[]).includes(str(config.bodyType))
    ? (str(config.bodyType) as (typeof httpBodyTypes)[number])
    : "json";
  const auth = (httpAuthModes as readonly string[]).includes(str(config.auth))
    ? (str(config.auth) as (typeof httpAuthModes)[number])
    : "none";
  const body = str(config.body);
  const headers: HeaderRow[] = Array.isArray(config.headers)
    ? config.headers.map((h) => ({ name: str(asRecord(h).name), value: str(asRecord(h).value) }))
    : [];
  const pretty = bodyType === "json" ? prettyJson(body) : null;
  const sendsBody = method !== "GET" && method !== "HEAD";

  return (
    <div className="flex flex-col gap-4">
      <SelectField
        label="Method"
        value={method}
        options={httpMethods.map((m) => ({ value: m, label: m }))}
        onChange={(m) => set({ method: m })}
        error={errors.get("method")}
      />
      <TemplateField
        label="URL"
        value={config.url}
        onChange={(url) => set({ url })}
        error={errors.get("url")}
        hint="Where to send the request, e.g. https://api.example.com/orders"
        placeholder="https://"
        mono
      />
      <PairsEditor
        legend="Query parameters"
        path="query"
        rows={pairsOf(config.query)}
        onChange={(query) => set({ query })}
        errors={errors}
        nameLabel="Parameter name"
        valueLabel="Parameter value"
        addLabel="Add parameter"
      />
      <HeadersEditor headers={headers} onChange={(next) => set({ headers: next })} errors={errors} />

      {sendsBody && (
        <>
          <SelectField
            label="Body type"
            value={bodyType}
            options={options(httpBodyTypes, bodyLabels)}
            onChange={(b) => set({ bodyType: b })}
            error={errors.get("bodyType")}
          />
          {bodyType === "json" && (
            <TemplateField
              label="Body (JSON)"
              value={body}
              onChange={(b) => set({ body: b })}
              error={errors.get("body")}
              hint={<BodyHint />}
              rows={8}
              mono
              placeholder={'{\n  "amount": "{{ trigger.body.amount }}"\n}'}
            />
          )}
          {bodyType === "json" && pretty !== null && pretty !== body && (
            <button
              type="button"
              onClick={() => set({ body: pretty })}
              className={`${buttonStyles.secondary} -mt-2 self-start`}
            >
              Format JSON
            </button>
          )}
          {bodyType === "form" && (
            <PairsEditor
              legend="Form fields"
              path="form"
              rows={pairsOf(config.form)}
              onChange={(form) => set({ form })}
              errors={errors}
              nameLabel="Field name"
              valueLabel="Field value"
              addLabel="Add field"
            />
          )}
          {bodyType === "raw" && (
            <>
              <TemplateField
                label="Body (text)"
                value={body}
                onChange={(b) => set({ body: b })}
                error={errors.get("body")}
                hint="Sent as written, with {{ references }} filled in."
                rows={8}
                mono
              />
              <TemplateField
                label="Content type"
                value={config.contentType ?? "text/plain"}
                onChange={(contentType) => set({ contentType })}
                error={errors.get("contentType")}
                mono
              />
            </>
          )}
        </>
      )}

      <SelectField
        label="Authentication"
        value={auth}
        options={options(httpAuthModes, authLabels)}
        onChange={(a) => set({ auth: a, ...(a === auth ? {} : { credentialId: "" }) })}
        error={errors.get("auth")}
      />
      {auth !== "none" && (
        <CredentialPicker
          label="Credential"
          type={httpAuthCredentialType[auth]}
          value={str(config.credentialId)}
          onChange={(credentialId) => set({ credentialId })}
          error={errors.get("credentialId")}
        />
      )}

      <NumberField
        label="Timeout (ms)"
        value={config.timeoutMs}
        onChange={(timeoutMs) => set({ timeoutMs })}
        error={errors.get("timeoutMs")}
        hint="How long to wait for an answer: 100 to 300000 ms."
        min={100}
        max={300_000}
        step={100}
      />
      <details
        className="rounded-md border border-slate-200 p-3"
        open={Boolean(errors.get("successStatuses") ?? errors.get("responseFormat"))}
      >
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Response handling</summary>
        <div className="mt-3 flex flex-col gap-4">
          <SelectField
            label="Response format"
            value={str(config.responseFormat, "auto")}
            options={options(httpResponseFormats, formatLabels)}
            onChange={(f) => set({ responseFormat: f })}
            error={errors.get("responseFormat")}
          />
          <TemplateField
            label="Success statuses"
            value={config.successStatuses ?? "200-399"}
            onChange={(s) => set({ successStatuses: s })}
            error={errors.get("successStatuses")}
            hint="Codes and ranges, e.g. 200-299, 404. Other 4xx fail the step; 408, 429 and 5xx are retried."
            mono
          />
          <CheckboxField
            label="Follow redirects (up to 5, each checked again)"
            checked={config.followRedirects === true}
            onChange={(followRedirects) => set({ followRedirects })}
          />
        </div>
      </details>
    </div>
  );
}

function BodyHint() {
  return (
    <>
      Insert values from the incoming request with{" "}
      <code className="font-mono text-slate-700">{"{{ trigger.body.some.path }}"}</code>. A value that is exactly one
      reference keeps its type, so <code className="font-mono text-slate-700">{'"{{ trigger.body.amount }}"'}</code>{" "}
      sends a number when the request had one. Leave empty to send no body.
    </>
  );
}

function prettyJson(text: string): string | null {
  if (!text.trim()) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}
