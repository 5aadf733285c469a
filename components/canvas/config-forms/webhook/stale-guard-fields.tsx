"use client";

// The stale-event guard (lib/webhooks/stale-guard.ts): which object an event is about and its
// version, so an older event arriving after a newer one is stored as stale_event. Turning it on
// fills in the chosen sender's defaults (presets.ts `staleGuard`) where the fields are empty.
import { TextField } from "@/components/credentials/text-field";
import { asRecord } from "../../kinds";
import { CheckboxField } from "../http-fields";
import { verificationPresets, type PresetInfo } from "@/lib/webhooks/verify/presets";
import { patchIn, str, type SectionProps } from "./config-access";
import { SelectField } from "./select-field";
import { presetOf } from "./verification-fields";

const onStaleOptions = [
  { value: "skip", label: "Store it as stale, do not run" },
  { value: "flag", label: "Store it as stale and run it anyway" },
] as const;

export function StaleGuardFields({ config, onChange, errors }: SectionProps) {
  const guard = asRecord(config.staleGuard);
  const enabled = guard.enabled === true;
  const defaults = (verificationPresets[presetOf(config)] as PresetInfo).staleGuard;
  const set = (patch: Record<string, unknown>) => onChange(patchIn(config, "staleGuard", patch));
  const turn = (on: boolean) =>
    set(
      on
        ? {
            enabled: true,
            objectIdPath: str(guard.objectIdPath) || defaults?.objectIdPath || "",
            versionPath: str(guard.versionPath) || defaults?.versionPath,
            versionHeader: str(guard.versionHeader) || defaults?.versionHeader,
          }
        : { enabled: false },
    );
  const e = (field: string) => errors.get(`staleGuard.${field}`);

  return (
    <>
      <CheckboxField
        label="Ignore events older than one already received for the same object"
        checked={enabled}
        onChange={turn}
      />
      {enabled && (
        <>
          <TextField
            label="Object id path"
            mono
            value={str(guard.objectIdPath)}
            onChange={(objectIdPath) => set({ objectIdPath })}
            placeholder={defaults?.objectIdPath ?? "data.object.id"}
            error={e("objectIdPath")}
            hint="The body field naming the order, payment or customer the event is about."
          />
          <TextField
            label="Version path"
            mono
            value={str(guard.versionPath)}
            onChange={(versionPath) => set({ versionPath })}
            placeholder={defaults?.versionPath ?? "created"}
            error={e("versionPath")}
            hint="A number (Unix seconds) or an ISO time in the body; newer means larger."
          />
          <TextField
            label="Version header"
            mono
            value={str(guard.versionHeader)}
            onChange={(versionHeader) => set({ versionHeader })}
            placeholder={defaults?.versionHeader ?? "X-Event-Time"}
            error={e("versionHeader")}
            hint="Optional; used instead of the version path when the request has it."
          />
          <SelectField
            label="A stale event"
            value={str(guard.onStale, "skip") as "skip" | "flag"}
            options={onStaleOptions}
            onChange={(onStale) => set({ onStale })}
            error={e("onStale")}
          />
        </>
      )}
    </>
  );
}
