// A fresh install on SQLite and PostgreSQL: with no user, the sign-in page sends its visitor to the
// owner-account page (a server redirect, no sign-in form first); visitors signing up at the same
// moment leave exactly one owner; once there is an owner, sign-in renders and sign-up is by invite.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, inject, it } from "vitest";
import SignInPage from "@/app/(auth)/sign-in/page";
import { GET as signUpOffer, POST as signUp } from "@/app/api/auth/sign-up/route";
import { proxy } from "@/proxy";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { TEST_ORIGIN } from "../support/auth";

const fresh = async () => {
  const db = await getDb();
  await db.member.deleteMany({});
  await db.session.deleteMany({});
  await db.account.deleteMany({});
  await db.user.deleteMany({});
  await db.instanceSetting.deleteMany({});
};

/** Where the sign-in page sends its visitor (null: it renders the form). */
async function signInPageRedirect(): Promise<string | null> {
  try {
    await SignInPage({ searchParams: Promise.resolve({}) });
    return null;
  } catch (e) {
    // next/navigation's redirect() throws; its digest is "NEXT_REDIRECT;<type>;<url>;<status>;".
    const digest = String((e as { digest?: string }).digest ?? "");
    if (!digest.startsWith("NEXT_REDIRECT;")) throw e;
    return digest.split(";")[2] ?? null;
  }
}

const signUpAs = (email: string) =>
  signUp(
    new Request(`${TEST_ORIGIN}/api/auth/sign-up`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ email, password: `pw-${email}` }),
    }),
    { params: Promise.resolve({}) } as never,
  );

beforeAll(fresh);

describe(`first run of a fresh install (${inject("database")})`, () => {
  it("sends / and /sign-in to the owner-account page while there is no user", async () => {
    const home = proxy(new NextRequest(`${TEST_ORIGIN}/`));
    expect(new URL(home.headers.get("location")!).pathname).toBe("/sign-in");
    expect(await signInPageRedirect()).toBe("/sign-up");
    const offer = await signUpOffer(new Request(`${TEST_ORIGIN}/api/auth/sign-up`), {
      params: Promise.resolve({}),
    } as never);
    expect(await offer.json()).toMatchObject({ firstUser: true, registrationOpen: true, invite: null });
  });

  it("makes exactly one owner of visitors signing up at the same moment", async () => {
    const emails = [1, 2, 3].map((i) => `racer${i}-${newId("u").slice(-8)}@example.test`);
    const answers = await Promise.all(emails.map(signUpAs));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 403, 403]);
    const refused = await answers.find((r) => r.status === 403)!.json();
    expect(refused.error.message).toMatch(/invitation/);
    for (const r of answers.filter((a) => a.status === 403)) expect(r.headers.getSetCookie()).toEqual([]);

    const db = await getDb();
    const users = await db.user.findMany();
    expect(users).toHaveLength(1); // the refused visitors' accounts are gone again
    const owners = await db.member.findMany({ where: { role: "owner" } });
    expect(owners.map((m) => m.userId)).toEqual([users[0]!.id]);
    const setting = await db.instanceSetting.findUniqueOrThrow({ where: { key: "instanceOwner" } });
    expect(setting.value).toBe(users[0]!.id);
    expect(await db.session.count({ where: { userId: { not: users[0]!.id } } })).toBe(0);
  });

  it("shows the sign-in form once the owner exists; later sign-ups need an invite", async () => {
    expect(await signInPageRedirect()).toBeNull();
    expect((await signUpAs(`late-${newId("u").slice(-8)}@example.test`)).status).toBe(403);
  });
});
