"use client";

// Stores a new credential. With `type` fixed (the webhook trigger's "New secret") only the name
// and the value are asked. Problems show per field: checked here with the server's own schema,
// and a 400's field details are mapped back to the same fields.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import {
  createCredentialBody,
  credentialTypeInfo,
  credentialTypes,
  type CredentialType,
  type CredentialView,
} from "@/lib/credentials/types";
import { createCredential } from "@/lib/queries/credentials";
import { Field } from "@/components/canvas/config-forms/field";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { CredentialValueFields, emptyValue } from "./credential-value-fields";
import { issueMap, serverErrors, within } from "./form-errors";
import { TextField } from "./text-field";
import { useCredentialCache } from "./use-credential-cache";
import { inSentence } from "@/components/ui/in-sentence";

type Props = {
  type?: CredentialType;
  nameLabel?: string;
  valueHint?: ReactNode;
  onCreated?: (credential: CredentialView) => void;
  onCancel?: () => void;
};

export function NewCredentialForm({
  type: fixedType,
  nameLabel = "Credential name",
  valueHint,
  onCreated,
  onCancel,
}: Props) {
  const cache = useCredentialCache();
  const [type, setType] = useState<CredentialType>(fixedType ?? "webhook-secret");
  const [name, setName] = useState("");
  const [value, setValue] = useState<unknown>(() => emptyValue(type));
  const [tried, setTried] = useState(false);
  const create = useMutation({
    mutationFn: createCredential,
    onSuccess: (view) => {
      cache.saved(view);
      setName("");
      setValue(emptyValue(type));
      setTried(false);
      onCreated?.(view);
    },
  });

  const parsed = createCredentialBody.safeParse({ name, type, value });
  const local = tried && !parsed.success ? issueMap(parsed.error.issues) : new Map<string, string>();
  const errors = local.size > 0 ? local : serverErrors(create.error);
  const changeType = (next: CredentialType) => {
    setType(next);
    setValue(emptyValue(next));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (parsed.success) create.mutate(parsed.data);
  };

  return (
    <form
      onSubmit={submit}
      aria-label={fixedType ? `New ${inSentence(credentialTypeInfo[fixedType].label)}` : "New credential"}
      className="flex flex-col gap-3"
    >
      {!fixedType && (
        <Field label="Type" hint={credentialTypeInfo[type].description}>
          {({ id, describedBy }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              value={type}
              onChange={(e) => changeType(e.target.value as CredentialType)}
              className={inputStyles}
            >
              {credentialTypes.map((t) => (
                <option key={t} value={t}>
                  {credentialTypeInfo[t].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <TextField
        label={nameLabel}
        value={name}
        onChange={setName}
        error={errors.get("name")}
        placeholder={type === "webhook-secret" ? "Stripe live endpoint" : undefined}
      />
      <CredentialValueFields
        type={type}
        value={value}
        onChange={setValue}
        errors={within(errors, "value")}
        hint={valueHint}
      />
      {create.isError && errors.size === 0 && (
        <p role="alert" className="text-sm text-red-700">
          Could not save: {create.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={create.isPending} className={buttonStyles.primary}>
          {create.isPending ? "Saving…" : "Save"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className={buttonStyles.ghost}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
