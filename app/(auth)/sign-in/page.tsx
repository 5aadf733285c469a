import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: never an open redirect.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/flows";
  return <SignInForm next={target} />;
}
