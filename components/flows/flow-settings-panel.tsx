"use client";

// Flow-level run settings (definition.settings, lib/flows/definition.ts): one-at-a-time ordering
// by a body field, a concurrency cap, and a failure alert (an action run when a run fails).
import { useId } from "react";
import { flowSettingsSchema, type FlowSettings } from "@/lib/flows/definition";
import { getNodeKind } from "@/lib/nodes/catalog";
import { ConfigForm } from "@/components/canvas/config-forms";
import { Field } from "@/components/canvas/config-forms/field";
import { fieldErrors } from "@/components/canvas/config-forms/types";
import { defaultConfig, kinds } from "@/components/canvas/kinds";
import { buttonStyles, inputStyles } from "@/components/ui/styles";

type Props = {
  settings: FlowSettings | undefined;
  onChange: (s: FlowSettings | undefined) => void;
  onClose: () => void;
};

const actionKinds = kinds.filter((k) => k.group === "Actions");

export function FlowSettingsPanel({ settings, onChange, onClose }: Props) {
  const s = settings ?? {};
  const alertId = useId();
  const parsed = flowSettingsSchema.safeParse(s);
  const errors = new Map(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message] as const));
  const set = (patch: Partial<FlowSettings>) => {
    const next: Record<string, unknown> = { ...s, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === "") delete next[k];
    onChange(Object.keys(next).length ? (next as FlowSettings) : undefined);
  };
  const alertKind = s.failureAlert ? getNodeKind(s.failureAlert.type) : undefined;

  return (
    <aside
      data-testid="flow-settings"
      aria-label="Flow settings"
      className="flex w-96 shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4"
    >
      <div className="flex items-center justify-between">
        <h2 className="text-base font-semibold text-slate-900">Flow settings</h2>
        <button type="button" onClick={onClose} className={buttonStyles.ghost}>
          Close
        </button>
      </div>
      <Field
        label="Order runs by"
        error={errors.get("orderingKey")}
        hint="A field of the request body, e.g. data.object.customer: runs with the same value run one at a time, in arrival order. Empty: no ordering."
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={s.orderingKey ?? ""}
            placeholder="data.object.id"
            onChange={(e) => set({ orderingKey: e.target.value })}
            className={`${inputStyles} font-mono`}
          />
        )}
      </Field>
      <Field label="Most runs at once" error={errors.get("concurrency")} hint="1 to 1000. Empty: no limit.">
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="number"
            min={1}
            max={1000}
            step={1}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={s.concurrency ?? ""}
            onChange={(e) =>
              set({ concurrency: Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber })
            }
            className={inputStyles}
          />
        )}
      </Field>
      <div className="flex flex-col gap-1">
        <label htmlFor={alertId} className="text-sm font-medium text-slate-700">
          When a run fails
        </label>
        <select
          id={alertId}
          value={s.failureAlert?.type ?? ""}
          onChange={(e) => {
            const kind = getNodeKind(e.target.value);
            set({
              failureAlert: kind
                ? { type: kind.type, label: `Failure alert (${kind.label})`, config: defaultConfig(kind) }
                : undefined,
            });
          }}
          className={inputStyles}
        >
          <option value="">Do nothing more</option>
          {actionKinds.map((k) => (
            <option key={k.type} value={k.type}>
              {k.label}
            </option>
          ))}
        </select>
        <p className="text-xs text-slate-500">
          The alert can use {"{{ run.error }}"}, {"{{ run.failedNode }}"} and {"{{ flow.name }}"}.
        </p>
      </div>
      {s.failureAlert && alertKind && (
        <div className="rounded-md border border-slate-200 p-3">
          <ConfigForm
            key={s.failureAlert.type}
            type={s.failureAlert.type}
            nodeId="failure-alert"
            config={s.failureAlert.config}
            onChange={(config) => set({ failureAlert: { ...s.failureAlert!, config } })}
            errors={fieldErrors(alertKind, s.failureAlert.config)}
          />
        </div>
      )}
      {s.failureAlert && (
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={s.alertDigest ?? false}
            onChange={(e) => set({ alertDigest: e.target.checked || undefined })}
            className="mt-0.5"
          />
          <span>
            Payload changes and sender health as one daily digest
            <span className="block text-xs text-slate-500">
              Otherwise this alert also tells each one as it happens, at most once an hour (docs/foresight.md).
            </span>
          </span>
        </label>
      )}
    </aside>
  );
}
