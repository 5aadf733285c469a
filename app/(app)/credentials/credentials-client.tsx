"use client";

import { useQuery } from "@tanstack/react-query";
import { CredentialList } from "@/components/credentials/credential-list";
import { NewCredentialForm } from "@/components/credentials/new-credential-form";
import { LoadError } from "@/components/ui/load-error";
import { credentialQueries } from "@/lib/queries/credentials";

export function CredentialsClient() {
  const credentials = useQuery(credentialQueries.all());

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-6 py-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Credentials</h1>
        <p className="mt-1 text-sm text-slate-600">
          Webhook signing secrets, API tokens and logins your flows use. They are stored encrypted and never shown again
          after you save them: only their last four characters, when they are long enough.
        </p>
      </div>
      <section aria-labelledby="new-credential" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="new-credential" className="mb-3 text-lg font-semibold">
          New credential
        </h2>
        <div className="max-w-md">
          <NewCredentialForm />
        </div>
      </section>
      {credentials.isPending && <p className="text-sm text-slate-500">Loading credentials…</p>}
      {credentials.isError && (
        <LoadError what="the credentials" error={credentials.error} onRetry={() => void credentials.refetch()} />
      )}
      {credentials.data && credentials.data.items.length === 0 && (
        <p className="text-sm text-slate-600">No credentials yet.</p>
      )}
      {credentials.data && credentials.data.items.length > 0 && <CredentialList credentials={credentials.data.items} />}
    </div>
  );
}
