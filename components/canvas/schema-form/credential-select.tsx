"use client";

// A credential picker for generic forms: lists the workspace's credentials (masked views, never
// values), optionally of one type, and links to the Credentials page to add one.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { inputStyles, linkStyles } from "@/components/ui/styles";
import { credentialQueries } from "@/lib/queries/credentials";

type Props = {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  type: string | undefined;
  value: string;
  onChange: (id: string) => void;
};

export function CredentialSelect({ id, describedBy, invalid, type, value, onChange }: Props) {
  const list = useQuery(credentialQueries.all());
  const items = (list.data?.items ?? []).filter((c) => !type || c.type === type);
  return (
    <div className="flex flex-col gap-1">
      <select
        id={id}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={inputStyles}
      >
        <option value="">{list.isPending ? "Loading…" : "Choose a credential…"}</option>
        {items.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {list.data && items.length === 0 && (
        <Link href="/credentials" className={`${linkStyles} text-xs`}>
          Add a credential
        </Link>
      )}
    </div>
  );
}
