"use client";

// Chooses the credential an action authenticates with (HTTP auth, SMTP login, chat webhook URL):
// the workspace's credentials of one type, masked, or a new one created inline and selected.
// Values never come back from the server.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { NewCredentialForm } from "@/components/credentials/new-credential-form";
import { buttonStyles } from "@/components/ui/styles";
import { credentialTypeInfo, type CredentialType } from "@/lib/credentials/types";
import { credentialQueries } from "@/lib/queries/credentials";
import { SelectField } from "./webhook/select-field";
import { inSentence } from "@/components/ui/in-sentence";

type Props = {
  label: string;
  type: CredentialType;
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  hint?: string;
};

export function CredentialPicker({ label, type, value, onChange, error, hint }: Props) {
  const credentials = useQuery(credentialQueries.all());
  const [creating, setCreating] = useState(false);
  const items = credentials.data?.items.filter((c) => c.type === type) ?? [];
  const missing = Boolean(value && credentials.data && !items.some((c) => c.id === value));
  const info = credentialTypeInfo[type];
  const options = [
    { value: "", label: items.length ? "Choose…" : "None yet: create one below" },
    ...items.map((c) => ({ value: c.id, label: `${c.name} (${c.hint})` })),
    ...(missing ? [{ value, label: "(deleted or another type)" }] : []),
  ];
  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label={label}
        value={value}
        options={options}
        onChange={onChange}
        error={error ?? (missing ? "This credential is gone or of another type; choose or create another" : undefined)}
        hint={credentials.isPending ? "Loading credentials…" : (hint ?? info.description)}
      />
      {credentials.isError && (
        <p role="alert" className="text-xs text-red-700">
          Could not load the credentials: {credentials.error.message}
        </p>
      )}
      <button
        type="button"
        aria-expanded={creating}
        onClick={() => setCreating(!creating)}
        className={`${buttonStyles.secondary} self-start`}
      >
        New {inSentence(info.label)}
      </button>
      {creating && (
        <div className="rounded-md bg-slate-50 p-3">
          <NewCredentialForm
            type={type}
            onCreated={(c) => {
              onChange(c.id);
              setCreating(false);
            }}
            onCancel={() => setCreating(false)}
          />
        </div>
      )}
    </div>
  );
}
