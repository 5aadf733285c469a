// Accounts, members, invites, API keys and the audit log: queryOptions and write calls (docs/auth.md).
import { queryOptions } from "@tanstack/react-query";
import type { ApiKeyView } from "@/lib/auth/api-keys";
import type { InviteView, MemberView } from "@/lib/auth/members";
import type { ApiKeyScope, Role } from "@/lib/auth/roles";
import type { SessionInfo, SignUpOffer } from "@/lib/auth/schemas";
import type { AuditEventView } from "@/lib/audit/list-audit";
import { fetchJson } from "./fetch-json";

export const authQueries = {
  session: () =>
    queryOptions({
      queryKey: ["auth", "session"] as const,
      queryFn: ({ signal }) => fetchJson<SessionInfo>("/api/auth/session", { signal }),
    }),
  members: () =>
    queryOptions({
      queryKey: ["auth", "members"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: MemberView[] }>("/api/members", { signal }),
    }),
  invites: () =>
    queryOptions({
      queryKey: ["auth", "invites"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: InviteView[] }>("/api/invites", { signal }),
    }),
  apiKeys: () =>
    queryOptions({
      queryKey: ["auth", "api-keys"] as const,
      queryFn: ({ signal }) => fetchJson<{ items: ApiKeyView[] }>("/api/api-keys", { signal }),
    }),
  registration: () =>
    queryOptions({
      queryKey: ["auth", "registration"] as const,
      queryFn: ({ signal }) => fetchJson<{ open: boolean }>("/api/settings/registration", { signal }),
    }),
  audit: () =>
    queryOptions({
      queryKey: ["auth", "audit"] as const,
      queryFn: ({ signal }) =>
        fetchJson<{ items: AuditEventView[]; nextCursor: string | null }>("/api/audit?limit=200", { signal }),
    }),
};

export const signIn = (email: string, password: string) =>
  fetchJson<{ userId: string }>("/api/auth/sign-in", { method: "POST", json: { email, password } });
export const signUp = (input: { email: string; password: string; name?: string; invite?: string }) =>
  fetchJson<{ userId: string; workspaceId: string }>("/api/auth/sign-up", { method: "POST", json: input });
export const signUpInfo = (invite?: string) =>
  fetchJson<SignUpOffer>(`/api/auth/sign-up${invite ? `?invite=${encodeURIComponent(invite)}` : ""}`);
export const signOut = () => fetchJson<{ signedOut: true }>("/api/auth/sign-out", { method: "POST" });
export const acceptInvite = (invite: string) =>
  fetchJson<{ workspaceId: string }>("/api/auth/invite", { method: "POST", json: { invite } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  fetchJson<{ changed: true }>("/api/auth/password", { method: "POST", json: { currentPassword, newPassword } });
export const switchWorkspace = (workspaceId: string) =>
  fetchJson<{ workspaceId: string }>("/api/auth/workspace", { method: "POST", json: { workspaceId } });
export const createInvite = (role: Role, email?: string) =>
  fetchJson<InviteView & { token: string; path: string }>("/api/invites", {
    method: "POST",
    json: { role, ...(email ? { email } : {}) },
  });
export const revokeInvite = (id: string) =>
  fetchJson<InviteView>(`/api/invites/${encodeURIComponent(id)}`, { method: "DELETE" });
export const setMemberRole = (id: string, role: Role) =>
  fetchJson<unknown>(`/api/members/${encodeURIComponent(id)}`, { method: "PUT", json: { role } });
export const removeMember = (id: string) =>
  fetchJson<unknown>(`/api/members/${encodeURIComponent(id)}`, { method: "DELETE" });
export const createApiKey = (name: string, scope: ApiKeyScope) =>
  fetchJson<ApiKeyView & { key: string }>("/api/api-keys", { method: "POST", json: { name, scope } });
export const revokeApiKey = (id: string) =>
  fetchJson<ApiKeyView>(`/api/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
export const setRegistration = (open: boolean) =>
  fetchJson<{ open: boolean }>("/api/settings/registration", { method: "PUT", json: { open } });
