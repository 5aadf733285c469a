"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent } from "react";
import type { SignUpOffer } from "@/lib/auth/schemas";
import { acceptInvite, signUp, signUpInfo } from "@/lib/queries/auth";
import { buttonStyles, linkStyles } from "@/components/ui/styles";
import { Field, FormError } from "./field";
import { useSessionAction } from "./use-session-action";

export function SignUpForm({ invite, offer: initial }: { invite: string | null; offer?: SignUpOffer }) {
  const info = useQuery({
    queryKey: ["auth", "sign-up", invite],
    queryFn: () => signUpInfo(invite ?? undefined),
    initialData: initial,
    retry: false,
  });
  const { error, busy, run } = useSessionAction();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void run(
      () =>
        signUp({
          email: String(form.get("email")),
          password: String(form.get("password")),
          name: String(form.get("name") || "") || undefined,
          ...(invite ? { invite } : {}),
        }),
      "/flows",
    );
  }

  function join() {
    if (invite) void run(() => acceptInvite(invite), "/flows");
  }

  if (info.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (info.isError) {
    return (
      <div className="space-y-3">
        <h1 className="text-base font-semibold">Sign up</h1>
        <FormError message={info.error.message} />
        <Link href="/sign-in" className={linkStyles}>
          Sign in
        </Link>
      </div>
    );
  }
  const { firstUser, registrationOpen, invite: offer, signedInAs } = info.data;

  if (offer && signedInAs) {
    return (
      <div className="space-y-4">
        <h1 className="text-base font-semibold">Join {offer.workspace}</h1>
        <p className="text-sm text-slate-600">
          You are signed in as {signedInAs}. Join <strong>{offer.workspace}</strong> as {offer.role}?
        </p>
        <FormError message={error} />
        <button type="button" onClick={join} className={`${buttonStyles.primary} w-full`} disabled={busy}>
          Join workspace
        </button>
      </div>
    );
  }

  if (!offer && !registrationOpen) {
    return (
      <div className="space-y-3">
        <h1 className="text-base font-semibold">Sign up by invitation</h1>
        <p className="text-sm text-slate-600">
          This installation only takes new users with an invite link. Ask a workspace owner for one.
        </p>
        <Link href="/sign-in" className={linkStyles}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-base font-semibold">
        {firstUser ? "Create the owner account" : offer ? `Join ${offer.workspace}` : "Sign up"}
      </h1>
      {firstUser && (
        <p className="text-sm text-slate-600">
          You are the first user of this installation: you will own it and its workspace.
        </p>
      )}
      {offer && (
        <p className="text-sm text-slate-600">
          You were invited to <strong>{offer.workspace}</strong> as {offer.role}.
        </p>
      )}
      <Field label="Name" name="name" autoComplete="name" />
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={offer?.email ?? undefined}
      />
      <Field label="Password" name="password" type="password" autoComplete="new-password" minLength={10} required />
      <p className="text-xs text-slate-500">At least 10 characters.</p>
      <FormError message={error} />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={busy}>
        {busy ? "Creating…" : "Create account"}
      </button>
      <p className="text-center text-xs text-slate-500">
        Have an account?{" "}
        <Link
          href={invite ? `/sign-in?next=${encodeURIComponent(`/invite/${invite}`)}` : "/sign-in"}
          className={linkStyles}
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
