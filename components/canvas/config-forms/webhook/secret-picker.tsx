"use client";

// The signing secret: a webhook-secret credential of the workspace, chosen from a list, created
// inline ("New secret", then selected), or rotated in place ("Rotate secret": a new value, the old
// one still accepted for the hours the user sets). Values never come back from the server.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { credentialQueries } from "@/lib/queries/credentials";
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { NewCredentialForm } from "@/components/credentials/new-credential-form";
import { UpdateCredentialForm } from "@/components/credentials/update-credential-form";
import { formatTime } from "@/components/ui/format";
import { buttonStyles } from "@/components/ui/styles";
import { SelectField } from "./select-field";

type Props = {
  secretId: string | undefined;
  onSelect: (id: string | undefined) => void;
  error: string | undefined;
  secretHint: string | undefined;
};

export function SecretPicker({ secretId, onSelect, error, secretHint }: Props) {
  const credentials = useQuery(credentialQueries.all());
  const [open, setOpen] = useState<"new" | "rotate" | null>(null);
  const secrets = credentials.data?.items.filter((c) => c.type === "webhook-secret") ?? [];
  const selected = secrets.find((c) => c.id === secretId);
  const missing = Boolean(secretId && credentials.data && !selected);

  const options = [
    { value: "", label: secrets.length ? "Choose a secret…" : "No secrets yet" },
    ...secrets.map((c) => ({ value: c.id, label: `${c.name} (${c.hint})` })),
    ...(missing ? [{ value: secretId!, label: "(deleted secret)" }] : []),
  ];
  const hint = selected?.rotation
    ? `Rotating: the old secret is accepted until ${formatTime(selected.rotation.previousValidUntil)}.`
    : secretHint;
  const toggle = (which: "new" | "rotate") => setOpen(open === which ? null : which);
  const created = (id: string) => {
    onSelect(id);
    setOpen(null);
  };

  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label={labels.secretId}
        value={secretId ?? ""}
        options={options}
        onChange={(id) => onSelect(id || undefined)}
        error={error ?? (missing ? "This secret was deleted; choose or create another" : undefined)}
        hint={credentials.isPending ? "Loading secrets…" : hint}
      />
      {credentials.isError && (
        <p role="alert" className="text-xs text-red-700">
          Could not load the secrets: {credentials.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          aria-expanded={open === "new"}
          onClick={() => toggle("new")}
          className={buttonStyles.secondary}
        >
          New secret
        </button>
        <button
          type="button"
          aria-expanded={open === "rotate"}
          disabled={!selected}
          onClick={() => toggle("rotate")}
          className={buttonStyles.secondary}
        >
          Rotate secret
        </button>
      </div>
      {open === "new" && (
        <div className="rounded-md bg-slate-50 p-3">
          <NewCredentialForm
            type="webhook-secret"
            nameLabel="Secret name"
            valueHint={secretHint}
            onCreated={(c) => created(c.id)}
            onCancel={() => setOpen(null)}
          />
        </div>
      )}
      {open === "rotate" && selected && (
        <div className="rounded-md bg-slate-50 p-3">
          <UpdateCredentialForm
            key={selected.id}
            credential={selected}
            rename={false}
            submitLabel="Save new secret"
            defaultKeepHours={24}
            onDone={() => setOpen(null)}
          />
        </div>
      )}
    </div>
  );
}
