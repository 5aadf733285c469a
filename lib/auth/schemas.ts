// Request bodies of the account routes (docs/auth.md), one zod schema each. Browser-safe.
import { z } from "zod";
import { apiKeyScopes, roles, type Role } from "./roles";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter an e-mail address")).pipe(z.string().max(254));
const password = z.string().min(10, "Use at least 10 characters").max(256);

export const signInBody = z.object({ email, password: z.string().min(1).max(256) });
export const signUpBody = z.object({
  email,
  password,
  name: z.string().trim().max(120).optional(),
  invite: z.string().max(100).optional(),
});
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: password });
export const switchWorkspaceBody = z.object({ workspaceId: z.string().min(1).max(64) });
export const acceptInviteBody = z.object({ invite: z.string().min(1).max(100) });
export const createInviteBody = z.object({ role: z.enum(roles).default("editor"), email: email.optional() });
export const updateMemberBody = z.object({ role: z.enum(roles) });
export const createApiKeyBody = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  scope: z.enum(apiKeyScopes).default("read"),
});
export const registrationBody = z.object({ open: z.boolean() });

export type SessionInfo = {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string; role: "owner" | "editor" | "viewer" } | null;
  workspaces: { id: string; name: string; role: "owner" | "editor" | "viewer" }[];
  instanceOwner: boolean;
};

/** What the sign-up page shows: a fresh install (the owner account), an invite, or open registration. */
export type SignUpOffer = {
  signedInAs: string | null;
  firstUser: boolean;
  registrationOpen: boolean;
  invite: { workspace: string; role: Role; email: string | null } | null;
};
