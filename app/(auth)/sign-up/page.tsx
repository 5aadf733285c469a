import type { Metadata } from "next";
import { headers } from "next/headers";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { freshInstall, signUpOffer } from "@/lib/auth/accounts";

type Props = { searchParams: Promise<{ invite?: string }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  await searchParams; // per request (never prerendered): whether the install has a user yet
  return { title: (await freshInstall()) ? "Create the owner account" : "Sign up" };
}

export default async function SignUpPage({ searchParams }: Props) {
  const { invite } = await searchParams;
  // Rendered with what the page offers (owner account, invite, open registration) so the first
  // paint is the right form; a bad invite is left to the form's own request, which shows its error.
  const cookie = (await headers()).get("cookie");
  const offer = await signUpOffer(new Headers(cookie ? { cookie } : {}), invite).catch(() => undefined);
  return <SignUpForm invite={invite ?? null} offer={offer} />;
}
