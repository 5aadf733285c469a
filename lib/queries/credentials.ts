// Credentials: query keys, queryOptions factories and the write calls (docs/api-credentials.md).
// Answers are masked views; secret values only ever travel browser -> server.
import { queryOptions } from "@tanstack/react-query";
import type { CredentialType, CredentialView } from "@/lib/credentials/types";
import { fetchJson } from "./fetch-json";

const base = ["credentials"] as const;

export const credentialQueries = {
  all: () =>
    queryOptions({
      queryKey: [...base, "list"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: CredentialView[] }>("/api/credentials", { signal }),
    }),
};

export type CreateCredentialInput = { name: string; type: CredentialType; value: unknown };
export type UpdateCredentialInput = { name?: string; value?: unknown; keepPreviousForHours?: number };

const one = (id: string) => `/api/credentials/${encodeURIComponent(id)}`;

export const createCredential = (input: CreateCredentialInput) =>
  fetchJson<CredentialView>("/api/credentials", { method: "POST", json: input });

export const updateCredential = (id: string, input: UpdateCredentialInput) =>
  fetchJson<CredentialView>(one(id), { method: "PUT", json: input });

export const deleteCredential = (id: string) => fetchJson<void>(one(id), { method: "DELETE" });
