"use client";

// Which deliveries start a run: only some event types, only bodies with some fields. The others
// are stored as "filtered", so they can still be inspected.
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { errorAt, type SectionProps } from "./config-access";
import { ListField } from "./list-field";

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

export function FilterFields({ config, onChange, errors }: SectionProps) {
  return (
    <>
      <ListField
        label={labels.eventTypes}
        items={strings(config.eventTypes)}
        onChange={(eventTypes) => onChange({ ...config, eventTypes })}
        placeholder={"checkout.session.completed\npayment_intent.succeeded"}
        error={errorAt(errors, "eventTypes")}
        hint="One per line or comma separated. Empty = every event. Read from X-GitHub-Event / X-Shopify-Topic or the body's type."
      />
      <ListField
        label={labels.requiredFields}
        items={strings(config.requiredFields)}
        onChange={(requiredFields) => onChange({ ...config, requiredFields })}
        placeholder="data.object.id"
        error={errorAt(errors, "requiredFields")}
        hint="JSON paths the body must contain."
      />
    </>
  );
}
