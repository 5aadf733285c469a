import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { freshInstall } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/safe-next";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Reading the query first makes this page per request (never prerendered at build).
  const { next } = await searchParams;
  // A fresh install has nobody to sign in: its first visitor creates the owner account (decided
  // here, on the server, so the sign-in form never flashes).
  if (await freshInstall()) redirect("/sign-up");
  // Only a path of this app: never an open redirect (lib/auth/safe-next.ts).
  return <SignInForm next={safeNextPath(next)} />;
}
