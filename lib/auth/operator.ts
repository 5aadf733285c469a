// What the operators' CLI (scripts/hookline.ts) does to accounts, without a browser.
import "server-only";
import { hashPassword } from "better-auth/crypto";
import { ApiError } from "@/lib/api/errors";
import { audit } from "@/lib/audit/audit";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { signUp } from "./accounts";
import { clearAccountLimits } from "./login-limit";
import type { Role } from "./roles";

const cli = { type: "system" as const, label: "CLI" };

/** Creates a user. The first user of an install becomes its owner (like the sign-up page); later
 * ones join `workspaceId` with `role`, or get a workspace of their own. */
export async function createUser(input: {
  email: string;
  password: string;
  name?: string;
  workspaceId?: string;
  role?: Role;
}) {
  const db = await getDb();
  const first = (await db.user.count()) === 0;
  if (!first && input.workspaceId && !(await db.workspace.findUnique({ where: { id: input.workspaceId } }))) {
    throw new ApiError("not_found", `no workspace ${input.workspaceId}`);
  }
  // The CLI is trusted: open sign-up for this one call when the install is past its first user.
  const { body } = await signUp(
    new Request("http://localhost/cli"),
    { email: input.email, password: input.password, name: input.name },
    { operator: true },
  );
  let { workspaceId } = body;
  let role: Role = "owner";
  if (!first && input.workspaceId) {
    // Replace the workspace signUp gave them with the one asked for.
    await db.member.deleteMany({ where: { userId: body.userId } });
    await db.workspace.delete({ where: { id: workspaceId } });
    workspaceId = input.workspaceId;
    role = input.role ?? "editor";
    await db.member.create({ data: { id: newId("mem"), workspaceId, userId: body.userId, role } });
    await audit(
      "member.added",
      { type: "user", id: body.userId, name: input.email },
      { role, via: "cli" },
      { workspaceId, actor: cli },
    );
  }
  return { userId: body.userId, email: input.email, workspaceId, role };
}

/** Sets a new password (scrypt, as better-auth does) and ends all of the user's sessions. */
export async function resetPassword(email: string, password: string) {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user) throw new ApiError("not_found", `no user ${email}`);
  const hash = await hashPassword(password);
  const updated = await db.account.updateMany({
    where: { userId: user.id, providerId: "credential" },
    data: { password: hash },
  });
  if (updated.count === 0)
    await db.account.create({
      data: { id: newId("acco"), accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
  await db.session.deleteMany({ where: { userId: user.id } });
  await clearAccountLimits(email); // lifts a sign-in lockout
}

/** Lifts a sign-in lockout (the account's counters, from every address); the password stays. */
export async function unlockUser(email: string) {
  const db = await getDb();
  if (!(await db.user.findUnique({ where: { email: email.toLowerCase() } })))
    throw new ApiError("not_found", `no user ${email}`);
  return clearAccountLimits(email);
}
