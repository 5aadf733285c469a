"use client";

// Renames a credential and/or sets a new value. For a webhook signing secret the old value can
// stay valid for some hours, so senders can switch over (a rotation); 0 drops it at once.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { parseValue, updateCredentialBody, type CredentialView } from "@/lib/credentials/types";
import { updateCredential, type UpdateCredentialInput } from "@/lib/queries/credentials";
import { Field } from "@/components/canvas/config-forms/field";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { CredentialValueFields, emptyValue, isBlank } from "./credential-value-fields";
import { issueMap, serverErrors, within } from "./form-errors";
import { TextField } from "./text-field";
import { useCredentialCache } from "./use-credential-cache";

type Props = {
  credential: CredentialView;
  rename?: boolean;
  submitLabel?: string;
  defaultKeepHours?: number;
  onDone: () => void;
};

export function UpdateCredentialForm({
  credential,
  rename = true,
  submitLabel = "Save",
  defaultKeepHours = 0,
  onDone,
}: Props) {
  const cache = useCredentialCache();
  const [name, setName] = useState(credential.name);
  const [value, setValue] = useState<unknown>(() => emptyValue(credential.type));
  const [hours, setHours] = useState<number | undefined>(defaultKeepHours);
  const [tried, setTried] = useState(false);
  const rotates = credential.type === "webhook-secret";
  const update = useMutation({
    mutationFn: (input: UpdateCredentialInput) => updateCredential(credential.id, input),
    onSuccess: (view) => {
      cache.saved(view);
      onDone();
    },
  });

  const newValue = !isBlank(value);
  const body = {
    ...(rename && name !== credential.name ? { name } : {}),
    ...(newValue ? { value, ...(rotates ? { keepPreviousForHours: hours } : {}) } : {}),
  };
  const valueCheck = newValue ? parseValue(credential.type, value) : undefined;
  const bodyCheck = updateCredentialBody.safeParse(body);
  const nothing = Object.keys(body).length === 0;
  const local = issueMap([
    ...(nothing
      ? [
          rename
            ? { path: [], message: "Change the name or enter a new value" }
            : { path: ["value"], message: "Enter the new value" },
        ]
      : []),
    ...(bodyCheck.success ? [] : bodyCheck.error.issues.filter((i) => i.path.length > 0 && i.path[0] !== "value")),
    ...(valueCheck && !valueCheck.success
      ? valueCheck.error.issues.map((i) => ({ ...i, path: ["value", ...i.path] }))
      : []),
  ]);
  const errors = tried && local.size > 0 ? local : serverErrors(update.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (local.size === 0 && bodyCheck.success) update.mutate(bodyCheck.data);
  };

  return (
    <form onSubmit={submit} aria-label={`Update ${credential.name}`} className="flex flex-col gap-3">
      {rename && <TextField label="Credential name" value={name} onChange={setName} error={errors.get("name")} />}
      <CredentialValueFields
        type={credential.type}
        value={value}
        onChange={setValue}
        errors={within(errors, "value")}
        labelPrefix="New"
        hint={rename ? "Leave empty to keep the stored value." : undefined}
      />
      {rotates && (
        <Field
          label="Keep the old secret valid for (hours)"
          error={errors.get("keepPreviousForHours")}
          hint="Senders may still sign with the old secret until then; 0 stops accepting it at once."
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={0}
              max={720}
              step={1}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={hours ?? ""}
              onChange={(e) => setHours(Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
              className={inputStyles}
            />
          )}
        </Field>
      )}
      {tried && errors.get("") && (
        <p role="alert" className="text-sm text-red-700">
          {errors.get("")}
        </p>
      )}
      {update.isError && errors.size === 0 && (
        <p role="alert" className="text-sm text-red-700">
          Could not save: {update.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={update.isPending} className={buttonStyles.primary}>
          {update.isPending ? "Saving…" : submitLabel}
        </button>
        <button type="button" onClick={onDone} className={buttonStyles.ghost}>
          Cancel
        </button>
      </div>
    </form>
  );
}
