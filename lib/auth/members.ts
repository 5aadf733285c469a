// Members and invite links of a workspace (owners manage them; the last owner cannot leave).
import "server-only";
import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { inviteHash } from "./accounts";
import { revokeKeysOfHolder } from "./api-keys";
import type { Role } from "./roles";

export const INVITE_DAYS = 7;

export type MemberView = { id: string; userId: string; email: string; name: string; role: Role; createdAt: string };
export type InviteView = {
  id: string;
  role: Role;
  email: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
};

export async function listMembers(workspaceId: string): Promise<MemberView[]> {
  const db = await getDb();
  const rows = await db.member.findMany({
    where: { workspaceId },
    include: { user: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role as Role,
    createdAt: m.createdAt.toISOString(),
  }));
}

async function memberOrThrow(workspaceId: string, id: string) {
  const db = await getDb();
  const m = await db.member.findFirst({ where: { id, workspaceId }, include: { user: true } });
  if (!m) throw new ApiError("not_found", "Member not found");
  return m;
}

async function assertAnotherOwner(workspaceId: string, exceptId: string) {
  const db = await getDb();
  const owners = await db.member.count({ where: { workspaceId, role: "owner", id: { not: exceptId } } });
  if (owners === 0) throw new ApiError("conflict", "A workspace needs at least one owner");
}

export async function setMemberRole(workspaceId: string, id: string, role: Role) {
  const m = await memberOrThrow(workspaceId, id);
  if (m.role === "owner" && role !== "owner") await assertAnotherOwner(workspaceId, id);
  const db = await getDb();
  await db.member.update({ where: { id }, data: { role } });
  return { id, role, email: m.user.email };
}

export async function removeMember(workspaceId: string, id: string) {
  const m = await memberOrThrow(workspaceId, id);
  if (m.role === "owner") await assertAnotherOwner(workspaceId, id);
  const db = await getDb();
  // Their sessions keep no access here: membership is checked on every request. Their API keys
  // stop working with the membership too; they are also revoked, so joining again does not revive them.
  await db.$transaction([db.member.delete({ where: { id } }), revokeKeysOfHolder(db, workspaceId, m.userId)]);
  return { id, email: m.user.email };
}

/** A new invite link. The token exists only in this answer (the database keeps its SHA-256). */
export async function createInvite(
  workspaceId: string,
  input: { role: Role; email?: string },
  createdById: string | null,
) {
  const token = randomBytes(24).toString("base64url");
  const db = await getDb();
  const row = await db.invite.create({
    data: {
      id: newId("inv"),
      workspaceId,
      role: input.role,
      email: input.email ?? null,
      tokenHash: inviteHash(token),
      createdById,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  });
  return { ...inviteView(row), token, path: `/invite/${token}` };
}

type InviteRow = {
  id: string;
  role: string;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};
const inviteView = (r: InviteRow): InviteView => ({
  id: r.id,
  role: r.role as Role,
  email: r.email,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  acceptedAt: r.acceptedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listInvites(workspaceId: string): Promise<InviteView[]> {
  const db = await getDb();
  return (await db.invite.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take: 100 })).map(
    inviteView,
  );
}

export async function revokeInvite(workspaceId: string, id: string) {
  const db = await getDb();
  const found = await db.invite.findFirst({ where: { id, workspaceId } });
  if (!found) throw new ApiError("not_found", "Invite not found");
  return inviteView(
    found.revokedAt ? found : await db.invite.update({ where: { id }, data: { revokedAt: new Date() } }),
  );
}
