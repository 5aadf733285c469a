"use client";

// The workspace's credentials: name, type, the masked hint, the end of a rotation window, and
// per row an edit form (rename, new value, rotation) and delete.
import { useState } from "react";
import { credentialTypeInfo, type CredentialView } from "@/lib/credentials/types";
import { formatTime } from "@/components/ui/format";
import { buttonStyles } from "@/components/ui/styles";
import { DeleteCredentialButton } from "./delete-credential-button";
import { UpdateCredentialForm } from "./update-credential-form";

export function CredentialList({ credentials }: { credentials: CredentialView[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
      {credentials.map((c) => (
        <li key={c.id} data-testid="credential-row" className="flex flex-col gap-3 px-4 py-3">
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-slate-900">{c.name}</p>
              <p className="text-xs text-slate-500">{credentialTypeInfo[c.type]?.label ?? c.type}</p>
            </div>
            <code aria-label="Secret hint" className="font-mono text-sm text-slate-600">
              {c.hint}
            </code>
            {c.unreadable && (
              <span className="text-xs font-medium text-red-700">
                Cannot be decrypted: set a new value or delete it
              </span>
            )}
            {c.rotation && (
              <span className="text-xs text-amber-800">
                Old secret accepted until {formatTime(c.rotation.previousValidUntil)}
              </span>
            )}
            <button
              type="button"
              aria-expanded={editing === c.id}
              onClick={() => setEditing(editing === c.id ? null : c.id)}
              className={buttonStyles.secondary}
            >
              Edit<span className="sr-only"> {c.name}</span>
            </button>
            <DeleteCredentialButton credential={c} />
          </div>
          {editing === c.id && (
            <div className="max-w-md rounded-md bg-slate-50 p-3">
              <UpdateCredentialForm credential={c} onDone={() => setEditing(null)} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
