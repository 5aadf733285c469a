"use client";

// The account an app node uses: this app's connected accounts only (masked views, never a
// token), and a link to the Apps page to connect one.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { inputStyles, linkStyles } from "@/components/ui/styles";
import { credentialQueries } from "@/lib/queries/credentials";

type Props = {
  appId: string;
  appName: string;
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  value: string;
  onChange: (id: string) => void;
};

export function AppAccountSelect({ appId, appName, id, describedBy, invalid, value, onChange }: Props) {
  const list = useQuery(credentialQueries.all());
  const accounts = (list.data?.items ?? []).filter((c) => c.type === "app" && c.app?.id === appId && c.app.connected);
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
        <option value="">{list.isPending ? "Loading…" : `Choose a ${appName} account…`}</option>
        {accounts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <Link href={`/apps#${appId}`} className={`${linkStyles} text-xs`}>
        {accounts.length === 0 ? `Connect a ${appName} account` : "Manage accounts"}
      </Link>
    </div>
  );
}
