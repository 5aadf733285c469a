"use client";

// Delete with a second, explicit click: a flow that verifies with this secret starts refusing
// deliveries the moment it is gone.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { CredentialView } from "@/lib/credentials/types";
import { deleteCredential } from "@/lib/queries/credentials";
import { buttonStyles } from "@/components/ui/styles";
import { useCredentialCache } from "./use-credential-cache";

export function DeleteCredentialButton({ credential }: { credential: CredentialView }) {
  const cache = useCredentialCache();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteCredential(credential.id),
    onSuccess: () => cache.removed(credential.id),
  });

  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={buttonStyles.danger}>
        Delete<span className="sr-only"> {credential.name}</span>
      </button>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div role="group" aria-label={`Delete ${credential.name}?`} className="flex gap-1.5">
        <button
          type="button"
          onClick={() => remove.mutate()}
          disabled={remove.isPending}
          className={buttonStyles.danger}
        >
          Confirm delete
        </button>
        <button type="button" onClick={() => setConfirming(false)} className={buttonStyles.ghost}>
          Keep
        </button>
      </div>
      {remove.isError && (
        <p role="alert" className="text-xs text-red-700">
          Could not delete: {remove.error.message}
        </p>
      )}
    </div>
  );
}
