// Accounts: sign-up (first user = owner; later only with an invite link, unless the instance owner
// opened registration), sign-in with a generic error and the database rate limit, sign-out,
// password change, the session's workspace. Passwords and sessions are better-auth's
// (lib/auth/auth.ts); these functions answer with the Set-Cookie headers it produced.
import "server-only";
import { createHash } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { audit } from "@/lib/audit/audit";
import { getAuth } from "./auth";
import { authenticate } from "./authenticate";
import { clientIp, countLoginAttempt, loginSucceeded } from "./login-limit";
import type { Role } from "./roles";
import type { SessionInfo, SignUpOffer } from "./schemas";

export const inviteHash = (token: string) => createHash("sha256").update(token).digest("hex");
const REGISTRATION = "registration";
const INSTANCE_OWNER = "instanceOwner";

type WithCookies<T> = { body: T; cookies: string[] };

/** Only the headers better-auth needs: never the caller's Origin (checked already) or other noise.
 * The client address it records with a session is the one the rate limit trusts (clientIp), not
 * whatever X-Forwarded-For the client sent. */
function authHeaders(req: Request): Headers {
  const h = new Headers();
  for (const k of ["cookie", "user-agent"]) {
    const v = req.headers.get(k);
    if (v) h.set(k, v);
  }
  const ip = clientIp(req);
  if (ip) h.set("x-forwarded-for", ip);
  return h;
}

const setCookies = (h: Headers | undefined) => h?.getSetCookie() ?? [];

async function setting(key: string) {
  const db = await getDb();
  return (await db.instanceSetting.findUnique({ where: { key } }))?.value ?? null;
}

export async function registrationOpen() {
  return (await setting(REGISTRATION)) === "open";
}

export async function isInstanceOwner(userId: string) {
  return (await setting(INSTANCE_OWNER)) === userId;
}

export async function setRegistration(open: boolean, userId: string) {
  if (!(await isInstanceOwner(userId)))
    throw new ApiError("forbidden", "Only the owner of this installation can open or close registration");
  const db = await getDb();
  const value = open ? "open" : "invite";
  await db.instanceSetting.upsert({
    where: { key: REGISTRATION },
    create: { key: REGISTRATION, value },
    update: { value },
  });
  return { open };
}

async function findInvite(token: string) {
  const db = await getDb();
  const invite = await db.invite.findUnique({ where: { tokenHash: inviteHash(token) } });
  if (!invite || invite.revokedAt || invite.acceptedAt || invite.expiresAt < new Date()) {
    throw new ApiError("not_found", "This invite link is not valid any more. Ask for a new one.");
  }
  return invite;
}

async function joinWithInvite(token: string, userId: string, email: string) {
  const invite = await findInvite(token);
  if (invite.email && invite.email !== email)
    throw new ApiError("forbidden", "This invite is for another e-mail address");
  const db = await getDb();
  // The invite is used once: only one of two racing accepts flips acceptedAt.
  const claimed = await db.invite.updateMany({
    where: { id: invite.id, acceptedAt: null },
    data: { acceptedAt: new Date(), acceptedBy: userId },
  });
  if (claimed.count !== 1)
    throw new ApiError("not_found", "This invite link is not valid any more. Ask for a new one.");
  const existing = await db.member.findUnique({
    where: { workspaceId_userId: { workspaceId: invite.workspaceId, userId } },
  });
  if (!existing)
    await db.member.create({ data: { id: newId("mem"), workspaceId: invite.workspaceId, userId, role: invite.role } });
  await audit(
    "member.joined",
    { type: "user", id: userId, name: email },
    { role: invite.role },
    {
      workspaceId: invite.workspaceId,
      actor: { type: "user", id: userId, label: email },
    },
  );
  return invite.workspaceId;
}

/** What an invite link offers (for the sign-up page): the workspace's name and the role. */
export async function describeInvite(token: string) {
  const invite = await findInvite(token);
  const db = await getDb();
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: invite.workspaceId } });
  return { workspace: ws.name, role: invite.role as Role, email: invite.email };
}

/** The first user takes over the oldest workspace that has no members (the data of an install from
 * before accounts), or a new one; a self-registered user gets a workspace of their own. */
async function ownWorkspace(userId: string, label: string, claimOrphan: boolean) {
  const db = await getDb();
  let ws = claimOrphan
    ? await db.workspace.findFirst({ where: { members: { none: {} } }, orderBy: { createdAt: "asc" } })
    : null;
  ws ??= await db.workspace.create({ data: { id: newId("ws"), name: `${label}'s workspace` } });
  await db.member.create({ data: { id: newId("mem"), workspaceId: ws.id, userId, role: "owner" } });
  return ws.id;
}

async function setActiveWorkspace(sessionToken: string, workspaceId: string) {
  const db = await getDb();
  await db.session.update({ where: { token: sessionToken }, data: { activeWorkspaceId: workspaceId } });
}

/** No user yet: the install's first visitor creates the owner account (the sign-in page sends them
 * to it). Only a hint for pages: who becomes the owner is decided by claimInstance(). */
export async function freshInstall() {
  const db = await getDb();
  return (await db.user.findFirst({ select: { id: true } })) === null;
}

/** What the sign-up page offers (GET /api/auth/sign-up and the page's first render). */
export async function signUpOffer(headers: Headers, invite: string | undefined): Promise<SignUpOffer> {
  const firstUser = await freshInstall();
  const me = await authenticate(headers).catch(() => null);
  return {
    signedInAs: me?.kind === "user" ? me.email : null,
    firstUser,
    registrationOpen: firstUser || (await registrationOpen()),
    invite: invite ? await describeInvite(invite) : null,
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

/**
 * Makes `userId` the owner of the installation if nobody is: the insert of the instanceOwner row
 * is the one atomic decision (its key is unique), so of two visitors signing up at once on a
 * fresh install exactly one wins, on SQLite and PostgreSQL alike. A row naming a user that no
 * longer exists (removed by hand) is taken over with a compare-and-set, never blindly.
 */
async function claimInstance(userId: string): Promise<boolean> {
  const db = await getDb();
  try {
    await db.instanceSetting.create({ data: { key: INSTANCE_OWNER, value: userId } });
    return true;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const held = await setting(INSTANCE_OWNER);
  if (!held || (await db.user.findUnique({ where: { id: held }, select: { id: true } }))) return false;
  const taken = await db.instanceSetting.updateMany({
    where: { key: INSTANCE_OWNER, value: held },
    data: { value: userId },
  });
  return taken.count === 1;
}

/** A sign-up once the install has an owner: with a valid invite, or while registration is open. */
async function mayJoin(input: { invite?: string }, opts: { operator?: boolean }, refusal: string) {
  if (input.invite) await findInvite(input.invite);
  else if (!opts.operator && !(await registrationOpen())) throw new ApiError("forbidden", refusal);
}

const BY_INVITATION = "Sign-up is by invitation: ask a workspace owner for an invite link";

export async function signUp(
  req: Request,
  input: { email: string; password: string; name?: string; invite?: string },
  opts: { operator?: boolean } = {},
): Promise<WithCookies<{ userId: string; workspaceId: string }>> {
  const db = await getDb();
  const first = await freshInstall();
  if (!first) await mayJoin(input, opts, BY_INVITATION);
  const auth = await getAuth();
  const name = input.name?.trim() || input.email.split("@")[0] || input.email;
  let res;
  try {
    res = await auth.api.signUpEmail({
      body: { email: input.email, password: input.password, name },
      headers: authHeaders(req),
      returnHeaders: true,
    });
  } catch (e) {
    throw translate(e, "sign-up");
  }
  const userId = res.response.user.id;
  const owner = first && (await claimInstance(userId));
  if (first && !owner) {
    // Another visitor created the owner account between our check and now: this sign-up is an
    // ordinary one after all, under the same rules; refused, its user (and session) goes again.
    try {
      await mayJoin(input, opts, `The owner account of this installation has just been created. ${BY_INVITATION}`);
    } catch (e) {
      await db.user.delete({ where: { id: userId } });
      throw e;
    }
  }
  let workspaceId: string;
  if (owner) workspaceId = await ownWorkspace(userId, name, true);
  else if (input.invite) workspaceId = await joinWithInvite(input.invite, userId, input.email);
  else workspaceId = await ownWorkspace(userId, name, false);
  if (res.response.token) await setActiveWorkspace(res.response.token, workspaceId);
  return { body: { userId, workspaceId }, cookies: setCookies(res.headers) };
}

/** A signed-in user opens an invite link: joins that workspace and switches to it. */
export async function acceptInvite(token: string, user: { userId: string; email: string; sessionId: string }) {
  const workspaceId = await joinWithInvite(token, user.userId, user.email);
  const db = await getDb();
  await db.session.update({ where: { id: user.sessionId }, data: { activeWorkspaceId: workspaceId } });
  return { workspaceId };
}

const BAD_CREDENTIALS = "Wrong e-mail or password";

/** Counts the attempt first (lib/auth/login-limit.ts): past the limit the password is not checked. */
export async function signIn(
  req: Request,
  input: { email: string; password: string },
): Promise<WithCookies<{ userId: string }>> {
  const ip = clientIp(req);
  await countLoginAttempt(input.email, ip);
  const auth = await getAuth();
  let res;
  try {
    res = await auth.api.signInEmail({
      body: { email: input.email, password: input.password },
      headers: authHeaders(req),
      returnHeaders: true,
    });
  } catch (e) {
    const status = statusOf(e);
    if (status === 401 || status === 400 || status === 403) throw new ApiError("unauthorized", BAD_CREDENTIALS);
    throw e;
  }
  await loginSucceeded(input.email, ip);
  return { body: { userId: res.response.user.id }, cookies: setCookies(res.headers) };
}

export async function signOut(req: Request): Promise<WithCookies<{ signedOut: true }>> {
  const auth = await getAuth();
  const res = await auth.api.signOut({ headers: authHeaders(req), returnHeaders: true });
  return { body: { signedOut: true }, cookies: setCookies(res.headers) };
}

/** Changes the password and ends every other session of the user (this one gets a new cookie). */
export async function changePassword(
  req: Request,
  email: string,
  input: { currentPassword: string; newPassword: string },
): Promise<WithCookies<{ changed: true }>> {
  // A stolen session must not become a password oracle: the same per-account limit as sign-in.
  const ip = clientIp(req);
  await countLoginAttempt(email, ip);
  const auth = await getAuth();
  try {
    const res = await auth.api.changePassword({
      body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      headers: authHeaders(req),
      returnHeaders: true,
    });
    await loginSucceeded(email, ip);
    return { body: { changed: true }, cookies: setCookies(res.headers) };
  } catch (e) {
    if (statusOf(e) === 400 || statusOf(e) === 401) throw new ApiError("bad_request", "The current password is wrong");
    throw e;
  }
}

export async function switchWorkspace(user: { userId: string; sessionId: string }, workspaceId: string) {
  const db = await getDb();
  const m = await db.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.userId } } });
  if (!m) throw new ApiError("not_found", "Workspace not found");
  await db.session.update({ where: { id: user.sessionId }, data: { activeWorkspaceId: workspaceId } });
  return { workspaceId };
}

export async function sessionInfo(user: {
  userId: string;
  email: string;
  workspaceId: string | null;
}): Promise<SessionInfo> {
  const db = await getDb();
  const u = await db.user.findUniqueOrThrow({
    where: { id: user.userId },
    select: { id: true, email: true, name: true },
  });
  const members = await db.member.findMany({
    where: { userId: user.userId },
    include: { workspace: true },
    orderBy: { createdAt: "asc" },
  });
  const workspaces = members.map((m) => ({ id: m.workspaceId, name: m.workspace.name, role: m.role as Role }));
  return {
    user: u,
    workspace: workspaces.find((w) => w.id === user.workspaceId) ?? null,
    workspaces,
    instanceOwner: await isInstanceOwner(user.userId),
  };
}

function statusOf(e: unknown): number | undefined {
  const x = e as { statusCode?: number; status?: number | string };
  return typeof x?.statusCode === "number" ? x.statusCode : typeof x?.status === "number" ? x.status : undefined;
}

/** better-auth's errors as ours (its messages are fine for sign-up: "User already exists..."). */
function translate(e: unknown, what: string): unknown {
  const status = statusOf(e);
  const message = (e as { message?: string; body?: { message?: string } }).body?.message ?? (e as Error).message;
  if (status === 422 || status === 409)
    return new ApiError("conflict", "An account with this e-mail address exists: sign in instead");
  if (status && status >= 400 && status < 500) return new ApiError("bad_request", `Could not ${what}: ${message}`);
  return e;
}
