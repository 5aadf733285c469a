"use client";

// A node's run settings (lib/nodes/settings.ts, stored at node.data.settings): retries, the time
// limit of one attempt, and what a failure that is left after the retries does.
import {
  defaultNodeSettings,
  MAX_NODE_RETRIES,
  nodeSettingsSchema,
  onErrorOptions,
  type NodeSettings,
} from "@/lib/nodes/settings";
import { inputStyles } from "@/components/ui/styles";
import { Field } from "./config-forms/field";

type Props = {
  settings: Record<string, unknown> | undefined;
  onChange: (settings: Record<string, unknown> | undefined) => void;
};

export function NodeSettingsSection({ settings, onChange }: Props) {
  const s = (settings ?? {}) as NodeSettings;
  const parsed = nodeSettingsSchema.safeParse(settings ?? {});
  const errors = new Map(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message] as const));
  const set = (patch: Partial<NodeSettings>) => {
    const next: Record<string, unknown> = { ...s, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === "") delete next[k];
    onChange(Object.keys(next).length ? next : undefined);
  };
  const num = (v: number) => (Number.isNaN(v) ? undefined : v);
  return (
    <details className="rounded-md border border-slate-200 p-2" data-testid="node-settings">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Run settings</summary>
      <div className="mt-3 flex flex-col gap-3">
        <Field
          label="Retries"
          error={errors.get("retries")}
          hint={`How often a failed attempt is tried again (0 to ${MAX_NODE_RETRIES}; default ${defaultNodeSettings.retries}), waiting longer each time.`}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={0}
              max={MAX_NODE_RETRIES}
              step={1}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              placeholder={String(defaultNodeSettings.retries)}
              value={s.retries ?? ""}
              onChange={(e) => set({ retries: num(e.target.valueAsNumber) })}
              className={inputStyles}
            />
          )}
        </Field>
        <Field label="Time limit per attempt (ms)" error={errors.get("timeoutMs")} hint="Empty: the step's own limit.">
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={100}
              step={100}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={s.timeoutMs ?? ""}
              onChange={(e) => set({ timeoutMs: num(e.target.valueAsNumber) })}
              className={inputStyles}
            />
          )}
        </Field>
        <Field
          label="When it still fails"
          hint={onErrorOptions.find((o) => o.value === (s.onError ?? "fail"))?.description}
        >
          {({ id, describedBy }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              value={s.onError ?? "fail"}
              onChange={(e) =>
                set({ onError: e.target.value === "fail" ? undefined : (e.target.value as NodeSettings["onError"]) })
              }
              className={inputStyles}
            >
              {onErrorOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </details>
  );
}
