// Who is calling: a signed-in user (session cookie) or an API key, with the workspace it acts in
// and its role there. apiRoute resolves it once per request and keeps it in an AsyncLocalStorage,
// so currentWorkspaceId(), audit() and the route's code find it without passing it around.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { getDb } from "@/lib/db";
import type { ApiKeyScope, Role } from "./roles";

export type Principal =
  | { kind: "user"; userId: string; email: string; sessionId: string; workspaceId: string | null; role: Role | null }
  | { kind: "api_key"; keyId: string; name: string; workspaceId: string; scope: ApiKeyScope; role: Role };

const store = new AsyncLocalStorage<Principal | null>();
const g = globalThis as unknown as { __hooklinePrincipalStore?: AsyncLocalStorage<Principal | null> };
// One store per process, even where Next loads this module more than once.
const als = (g.__hooklinePrincipalStore ??= store);

export const runAs = <T>(p: Principal | null, fn: () => Promise<T>): Promise<T> => als.run(p, fn);
/** The principal of the current request; undefined outside apiRoute. */
export const principalInContext = (): Principal | null | undefined => als.getStore();

/** The user's role in a workspace: the session's active one if still a member, else their oldest membership. */
export async function membershipFor(
  userId: string,
  preferred: string | null | undefined,
): Promise<{ workspaceId: string; role: Role } | null> {
  const db = await getDb();
  if (preferred) {
    const m = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId: preferred, userId } } });
    if (m) return { workspaceId: m.workspaceId, role: m.role as Role };
  }
  const m = await db.member.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  return m ? { workspaceId: m.workspaceId, role: m.role as Role } : null;
}

/** Who did it, as the audit log shows it; an owner-scoped key says so (it may change credentials and members). */
export const actorLabel = (p: Principal) =>
  p.kind === "user" ? p.email : `API key ${p.name}${p.scope === "owner" ? " (owner scope)" : ""}`;
