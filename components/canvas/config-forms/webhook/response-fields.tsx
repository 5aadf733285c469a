"use client";

// What the sender gets back once the delivery is stored (the flow runs afterwards).
import { TextField } from "@/components/credentials/text-field";
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { inputStyles } from "@/components/ui/styles";
import { asRecord } from "../../kinds";
import { Field } from "../field";
import { num, patchIn, str, type SectionProps } from "./config-access";
import { NumberField } from "./number-field";

export function ResponseFields({ config, onChange, errors }: SectionProps) {
  const response = asRecord(config.response);
  const set = (patch: Record<string, unknown>) => onChange(patchIn(config, "response", patch));
  return (
    <>
      <NumberField
        label={labels["response.status"]}
        value={num(response.status)}
        onChange={(status) => set({ status })}
        placeholder={202}
        min={200}
        max={299}
        error={errors.get("response.status")}
      />
      <TextField
        label={labels["response.contentType"]}
        mono
        value={str(response.contentType)}
        onChange={(contentType) => set({ contentType: contentType || undefined })}
        placeholder="application/json"
        hint="application/json, text/plain or application/xml: the answer is public and may carry payload values"
        error={errors.get("response.contentType")}
      />
      <Field
        label={labels["response.body"]}
        error={errors.get("response.body")}
        hint={
          <>
            Empty = {'{"received":true,"id":"<delivery id>"}'}. May use{" "}
            <code className="font-mono">{"{{ delivery.id }}"}</code>.
          </>
        }
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={str(response.body)}
            onChange={(e) => set({ body: e.target.value })}
            rows={3}
            spellCheck={false}
            className={`${inputStyles} font-mono text-xs`}
          />
        )}
      </Field>
    </>
  );
}
