"use client";

// The settings form of an app operation node (`app:<app>.<operation>`): the account, then the
// operation's fields drawn by the schema form (with {{ }} mapping and Insert data), and the
// fields with vendor choices as pickers with manual entry.
import { Field } from "@/components/canvas/config-forms/field";
import { specOf } from "@/components/canvas/config-forms/generic-form";
import type { ConfigFormProps } from "@/components/canvas/config-forms/types";
import { SchemaField } from "@/components/canvas/schema-form/schema-form";
import { parseAppNodeType } from "@/lib/apps/catalog";
import { AppAccountSelect } from "./app-account-select";
import { OptionField } from "./option-field";

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function AppOperationForm({ type, config, onChange, errors }: ConfigFormProps & { type: string }) {
  const found = parseAppNodeType(type);
  const spec = specOf(type);
  if (!found || !spec || spec.kind !== "object")
    return <p className="text-sm text-red-700">Unknown app operation {type}</p>;
  const { app } = found;
  const set = (key: string, v: unknown) => onChange({ ...config, [key]: v });
  const credentialId = str(config.credentialId);
  return (
    <div className="flex flex-col gap-4" data-testid={`app-form-${app.id}`}>
      <Field label={`${app.name} account`} error={errors.get("credentialId")}>
        {(ids) => (
          <AppAccountSelect
            {...ids}
            appId={app.id}
            appName={app.name}
            value={credentialId}
            onChange={(id) => set("credentialId", id)}
          />
        )}
      </Field>
      {spec.fields
        .filter((f) => f.key !== "credentialId")
        .map((f) => {
          const source = app.options?.[f.key];
          if (source)
            return (
              <OptionField
                key={f.key}
                appId={app.id}
                field={f.key}
                label={f.label}
                hint={f.description}
                error={errors.get(f.key)}
                credentialId={credentialId}
                depends={Object.fromEntries((source.dependsOn ?? []).map((d) => [d, str(config[d])]))}
                value={str(config[f.key])}
                onChange={(v) => set(f.key, v)}
              />
            );
          return (
            <SchemaField
              key={f.key}
              label={f.label}
              description={f.description}
              spec={f.spec}
              value={config[f.key] ?? f.defaultValue}
              onChange={(v) => set(f.key, v)}
              path={f.key}
              errors={errors}
            />
          );
        })}
    </div>
  );
}
