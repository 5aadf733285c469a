"use client";

import Link from "next/link";
import { type FormEvent } from "react";
import { signIn } from "@/lib/queries/auth";
import { buttonStyles, linkStyles } from "@/components/ui/styles";
import { Field, FormError } from "./field";
import { useSessionAction } from "./use-session-action";

export function SignInForm({ next }: { next: string }) {
  const { error, busy, run } = useSessionAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // A full navigation: the app's layout renders with the new session.
    void run(() => signIn(String(form.get("email")), String(form.get("password"))), next);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-base font-semibold">Sign in</h1>
      <Field label="E-mail" name="email" type="email" autoComplete="username" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormError message={error} />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-xs text-slate-500">
        New here? Open the invite link you were sent, or{" "}
        <Link href="/sign-up" className={linkStyles}>
          sign up
        </Link>{" "}
        if this installation allows it.
      </p>
    </form>
  );
}
