"use client";

// Settings of the "schedule" trigger (lib/nodes/kinds/schedule.ts): how often (every N minutes or
// hours, daily or on weekdays at a time, or a cron expression) and in which time zone, with the
// preview the server fires by: "every weekday at 08:00 Europe/Berlin; next: Mon 7 Dec 08:00".
import { inputStyles } from "@/components/ui/styles";
import { scheduleModes, schedulePreview, scheduleTriggerConfig, type ScheduleMode } from "@/lib/nodes/kinds/schedule";
import { Field } from "./field";
import { NumberField, str } from "./http-fields";
import type { ConfigFormProps } from "./types";

const modeLabels: Record<ScheduleMode, string> = {
  minutes: "Every few minutes",
  hours: "Every few hours",
  daily: "Every day at a time",
  weekdays: "Weekdays (Monday to Friday) at a time",
  cron: "Cron expression",
};

/** The zones the browser knows, for the time zone field's suggestions (read once). */
let knownZones: string[] | undefined;
const zones = (): string[] => {
  try {
    knownZones ??= Intl.supportedValuesOf("timeZone");
  } catch {
    knownZones = ["UTC"];
  }
  return knownZones;
};

export function ScheduleForm({ nodeId, config, onChange, errors }: ConfigFormProps) {
  const set = (patch: Record<string, unknown>) => onChange({ ...config, ...patch });
  const parsed = scheduleTriggerConfig.safeParse(config);
  const mode = parsed.success ? parsed.data.mode : (str(config.mode, "daily") as ScheduleMode);
  const zoneList = zones();
  const listId = `${nodeId}-zones`;
  return (
    <div className="flex flex-col gap-4">
      <Field label="Repeat" error={errors.get("mode")}>
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={mode}
            onChange={(e) => set({ mode: e.target.value })}
            className={inputStyles}
          >
            {scheduleModes.map((m) => (
              <option key={m} value={m}>
                {modeLabels[m]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(mode === "minutes" || mode === "hours") && (
        <NumberField
          label={mode === "minutes" ? "Every (minutes)" : "Every (hours)"}
          value={config.every ?? 15}
          onChange={(every) => set({ every })}
          error={errors.get("every")}
          hint={mode === "minutes" ? "Counted from the start of each hour." : "Counted from midnight."}
          min={1}
          max={mode === "minutes" ? 59 : 23}
          step={1}
        />
      )}
      {(mode === "daily" || mode === "weekdays") && (
        <TextInput
          label="At"
          error={errors.get("at")}
          hint="24-hour time in the time zone below."
          type="time"
          value={str(config.at, "08:00")}
          onChange={(at) => set({ at })}
        />
      )}
      {mode === "cron" && (
        <TextInput
          label="Cron expression"
          error={errors.get("cron")}
          hint="Five fields: minute, hour, day of month, month, day of week, e.g. 0 8 * * 1-5"
          placeholder="0 8 * * 1-5"
          mono
          value={str(config.cron)}
          onChange={(cron) => set({ cron })}
        />
      )}
      <TextInput
        label="Time zone"
        error={errors.get("timezone")}
        hint="An IANA name, e.g. Europe/Berlin, America/New_York or UTC."
        list={listId}
        value={str(config.timezone, "UTC")}
        onChange={(timezone) => set({ timezone })}
      />
      <datalist id={listId}>
        {zoneList.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <p data-testid="schedule-preview" className="rounded-md bg-slate-50 p-3 text-sm text-slate-700">
        {parsed.success ? schedulePreview(parsed.data, new Date()) : "Fix the fields above to see when it runs."}
      </p>
    </div>
  );
}

/** One labelled text input of this form (time, cron, zone). */
function TextInput({
  label,
  error,
  hint,
  value,
  onChange,
  mono = false,
  ...rest
}: {
  label: string;
  error: string | undefined;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  mono?: boolean;
  type?: string;
  placeholder?: string;
  list?: string;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={mono ? `${inputStyles} font-mono` : inputStyles}
          {...rest}
        />
      )}
    </Field>
  );
}
