// REST API keys: `hkl_` + 32 random bytes (base64url), shown once at creation; the database keeps
// only the SHA-256 (a key is 256 random bits, so a fast hash is enough) and a short prefix to
// recognise it by. Revocable; the last-used time is written at most once a minute per key.
//
// A key acts for its holder, the member who created it (createdById): it never does more than the
// holder may do NOW. It works only while the holder is a member of the key's workspace, and with the
// lower of its scope's role and the holder's current role, so a demoted owner's write key acts as a
// viewer and a removed (or deleted) user's keys answer 401. Removing a member also revokes their
// keys there, so joining again later does not bring them back. Only a holder whose role reaches a
// scope may create a key with it (an editor cannot make an owner-scoped key: 403).
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb, type Db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { roleRank, scopeRole, type ApiKeyScope, type Role } from "./roles";

export const API_KEY_PREFIX = "hkl_";
const hash = (key: string) => createHash("sha256").update(key).digest("hex");

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

type Row = {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};
const view = (r: Row): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scope: r.scope as ApiKeyScope,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});
const select = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key held by `holderId` (a member of the workspace, acting with `holderRole` now); the
 * answer's `key` is the only time the secret exists outside the caller. */
export async function createApiKey(
  workspaceId: string,
  input: { name: string; scope: ApiKeyScope },
  holderId: string,
  holderRole: Role,
) {
  if (roleRank(scopeRole(input.scope)) > roleRank(holderRole))
    throw new ApiError("forbidden", `Only an owner can create a key with the ${input.scope} scope`);
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const db = await getDb();
  const row = await db.apiKey.create({
    data: {
      id: newId("key"),
      workspaceId,
      name: input.name,
      scope: input.scope,
      prefix: key.slice(0, 12),
      keyHash: hash(key),
      createdById: holderId,
    },
    select,
  });
  return { ...view(row), key };
}

export async function listApiKeys(workspaceId: string): Promise<ApiKeyView[]> {
  const db = await getDb();
  return (await db.apiKey.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, select })).map(view);
}

export async function revokeApiKey(workspaceId: string, id: string): Promise<ApiKeyView> {
  const db = await getDb();
  const found = await db.apiKey.findFirst({ where: { id, workspaceId }, select });
  if (!found) throw new ApiError("not_found", "API key not found");
  if (found.revokedAt) return view(found);
  return view(await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select }));
}

/** The query revoking every live key `userId` holds in the workspace (they are leaving it), for a
 * batch transaction. */
export const revokeKeysOfHolder = (db: Db, workspaceId: string, userId: string) =>
  db.apiKey.updateMany({
    where: { workspaceId, createdById: userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });

const lower = (a: Role, b: Role) => (roleRank(a) <= roleRank(b) ? a : b);

/** The live key behind a bearer token and the role it acts with, or null (unknown, revoked, or its
 * holder is no longer a member of its workspace). */
export async function verifyApiKey(
  token: string,
): Promise<{ id: string; name: string; workspaceId: string; scope: ApiKeyScope; role: Role } | null> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 100) return null;
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { keyHash: hash(token) } });
  if (!row || row.revokedAt || !row.createdById) return null;
  const holder = await db.member.findUnique({
    where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: row.createdById } },
    select: { role: true },
  });
  if (!holder) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    id: row.id,
    name: row.name,
    workspaceId: row.workspaceId,
    scope: row.scope as ApiKeyScope,
    role: lower(scopeRole(row.scope as ApiKeyScope), holder.role as Role),
  };
}
