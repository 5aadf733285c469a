"use client";

// Keeps the credential list query in step after a write: the answer (a masked view) is put in the
// cache at once, so a select can show a just-created secret, then the list is refetched.
import { useQueryClient } from "@tanstack/react-query";
import type { CredentialView } from "@/lib/credentials/types";
import { credentialQueries } from "@/lib/queries/credentials";

export function useCredentialCache() {
  const queryClient = useQueryClient();
  const { queryKey } = credentialQueries.all();
  const refetch = () => void queryClient.invalidateQueries({ queryKey });
  return {
    saved(view: CredentialView) {
      queryClient.setQueryData(
        queryKey,
        (old) => old && { items: [...old.items.filter((c) => c.id !== view.id), view] },
      );
      refetch();
    },
    removed(id: string) {
      queryClient.setQueryData(queryKey, (old) => old && { items: old.items.filter((c) => c.id !== id) });
      refetch();
    },
  };
}
