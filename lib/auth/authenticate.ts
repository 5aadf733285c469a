// Resolves the caller of a request: `Authorization: Bearer hkl_...` (an API key) or the session
// cookie (better-auth), with the workspace and role it acts with.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { verifyApiKey } from "./api-keys";
import { getAuth } from "./auth";
import { membershipFor, type Principal } from "./principal";

/** null = no credentials at all; throws 401 for a bad or revoked API key. */
export async function authenticate(headers: Headers): Promise<Principal | null> {
  const authz = headers.get("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const key = m?.[1] ? await verifyApiKey(m[1]) : null;
    if (!key) throw new ApiError("unauthorized", "Invalid or revoked API key");
    return {
      kind: "api_key",
      keyId: key.id,
      name: key.name,
      workspaceId: key.workspaceId,
      scope: key.scope,
      role: key.role,
    };
  }
  if (!headers.get("cookie")) return null;
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const session = found.session as typeof found.session & { activeWorkspaceId?: string | null };
  const m = await membershipFor(found.user.id, session.activeWorkspaceId);
  return {
    kind: "user",
    userId: found.user.id,
    email: found.user.email,
    sessionId: session.id,
    workspaceId: m?.workspaceId ?? null,
    role: m?.role ?? null,
  };
}
