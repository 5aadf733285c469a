"use client";

// The form of any kind without a hand-written one, generated from its zod config schema
// (schema-form/describe.ts), with the condition builder for condition groups.
import { getNodeKind } from "@/lib/nodes/catalog";
import { ConditionBuilder } from "../condition-builder";
import { describeSchema, type FieldSpec } from "../schema-form/describe";
import { SchemaForm, type SpecialRenderer } from "../schema-form/schema-form";
import type { ConfigFormProps } from "./types";
import { JsonConfigForm } from "./json-config-form";

const specs = new Map<string, FieldSpec>();

export function specOf(type: string): FieldSpec | null {
  const hit = specs.get(type);
  if (hit) return hit;
  const kind = getNodeKind(type);
  if (!kind) return null;
  const spec = describeSchema(kind.config);
  specs.set(type, spec);
  return spec;
}

const renderSpecial: SpecialRenderer = ({ spec, value, onChange, path, label, errors }) =>
  spec.kind === "condition" ? (
    <ConditionBuilder label={label} value={value} onChange={onChange} path={path} errors={errors} />
  ) : null;

export function GenericConfigForm({ type, config, onChange, errors, nodeId }: ConfigFormProps & { type: string }) {
  const spec = specOf(type);
  if (!spec || spec.kind !== "object")
    return <JsonConfigForm config={config} onChange={onChange} errors={errors} nodeId={nodeId} />;
  return (
    <SchemaForm
      spec={spec}
      value={config}
      onChange={(v) => onChange(v as Record<string, unknown>)}
      errors={errors}
      renderSpecial={renderSpecial}
    />
  );
}
