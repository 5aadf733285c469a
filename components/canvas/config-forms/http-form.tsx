"use client";

// Settings of the "http" kind: method, URL, headers, JSON body template, timeout.
import { httpMethods } from "@/lib/nodes/catalog";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { asRecord } from "../kinds";
import { Field } from "./field";
import { HeadersEditor, type HeaderRow } from "./headers-editor";
import { templateProblems } from "./template-problems";
import type { ConfigFormProps } from "./types";

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

export function HttpForm({ config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const url = str(config.url);
  const body = str(config.body);
  const headers: HeaderRow[] = Array.isArray(config.headers)
    ? config.headers.map((h) => ({ name: str(asRecord(h).name), value: str(asRecord(h).value) }))
    : [];
  const timeout = typeof config.timeoutMs === "number" && Number.isFinite(config.timeoutMs) ? config.timeoutMs : "";
  const pretty = prettyJson(body);

  return (
    <div className="flex flex-col gap-4">
      <Field label="Method" error={errors.get("method")}>
        {({ id, describedBy, invalid }) => (
          <select id={id} aria-describedby={describedBy} aria-invalid={invalid} value={str(config.method, "POST")} onChange={(e) => set({ method: e.target.value })} className={inputStyles}>
            {httpMethods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="URL" error={errors.get("url") ?? templateProblems(url)[0]} hint="Where to send the request, e.g. https://api.example.com/orders">
        {({ id, describedBy, invalid }) => (
          <input id={id} aria-describedby={describedBy} aria-invalid={invalid} value={url} onChange={(e) => set({ url: e.target.value })} placeholder="https://" className={`${inputStyles} font-mono`} />
        )}
      </Field>
      <HeadersEditor headers={headers} onChange={(next) => set({ headers: next })} errors={errors} />
      <Field label="Body (JSON)" error={errors.get("body") ?? templateProblems(body)[0]} hint={<BodyHint />}>
        {({ id, describedBy, invalid }) => (
          <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid} value={body} onChange={(e) => set({ body: e.target.value })} rows={8} spellCheck={false} placeholder={'{\n  "amount": "{{ trigger.body.amount }}"\n}'} className={`${inputStyles} font-mono text-xs leading-relaxed`} />
        )}
      </Field>
      {pretty !== null && pretty !== body && (
        <button type="button" onClick={() => set({ body: pretty })} className={`${buttonStyles.secondary} -mt-2 self-start`}>
          Format JSON
        </button>
      )}
      <Field label="Timeout (ms)" error={errors.get("timeoutMs")} hint="How long to wait for an answer: 100 to 300000 ms.">
        {({ id, describedBy, invalid }) => (
          <input id={id} type="number" min={100} max={300_000} step={100} aria-describedby={describedBy} aria-invalid={invalid} value={timeout} onChange={(e) => set({ timeoutMs: Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber })} className={inputStyles} />
        )}
      </Field>
    </div>
  );
}

function BodyHint() {
  return (
    <>
      Insert values from the incoming request with <code className="font-mono text-slate-700">{"{{ trigger.body.some.path }}"}</code>
      . A value that is exactly one reference keeps its type, so <code className="font-mono text-slate-700">{'"{{ trigger.body.amount }}"'}</code> sends a
      number when the request had one. Leave empty to send no body.
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
