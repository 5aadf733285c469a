"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import { roles, type ApiKeyScope, type Role } from "@/lib/auth/roles";
import {
  authQueries,
  changePassword,
  createApiKey,
  createInvite,
  removeMember,
  revokeApiKey,
  revokeInvite,
  setMemberRole,
  setRegistration,
} from "@/lib/queries/auth";
import { CopyButton } from "@/components/ui/copy-button";
import { DeniedHeadersSetting } from "@/components/deliveries/denied-headers-setting";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import { Field, FormError } from "./field";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5" aria-label={title}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** Settings: members and invites, API keys, registration (owners); the password (everyone). */
export function SettingsClient() {
  const session = useQuery(authQueries.session());
  const owner = session.data?.workspace?.role === "owner";
  return (
    <div className="mx-auto max-w-4xl space-y-6 p-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold">Settings</h1>
        {owner && (
          <Link href="/settings/audit" className={linkStyles}>
            Audit log
          </Link>
        )}
      </div>
      <Members owner={owner} />
      {owner && <Invites />}
      {owner && <ApiKeys />}
      {owner && session.data?.instanceOwner && <Registration />}
      {owner && <DeniedHeadersSetting />}
      <Password />
    </div>
  );
}

function Members({ owner }: { owner: boolean }) {
  const qc = useQueryClient();
  const members = useQuery(authQueries.members());
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: ["auth"] });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Section title="Members">
      <FormError message={error ?? (members.isError ? members.error.message : null)} />
      <ul className="divide-y divide-slate-100 text-sm">
        {members.data?.items.map((m) => (
          <li key={m.id} className="flex items-center gap-3 py-2" data-testid="member-row">
            <span className="flex-1">
              {m.name} <span className="text-slate-500">{m.email}</span>
            </span>
            {owner ? (
              <>
                <select
                  aria-label={`Role of ${m.email}`}
                  className="rounded-md border border-slate-300 px-2 py-1"
                  value={m.role}
                  onChange={(e) => act(() => setMemberRole(m.id, e.target.value as Role))}
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                <button type="button" className={buttonStyles.danger} onClick={() => act(() => removeMember(m.id))}>
                  Remove
                </button>
              </>
            ) : (
              <span className="text-slate-600">{m.role}</span>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Invites() {
  const qc = useQueryClient();
  const invites = useQuery(authQueries.invites());
  const [role, setRole] = useState<Role>("editor");
  const [link, setLink] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createInvite(role),
    onSuccess: async (inv) => {
      setLink(`${window.location.origin}${inv.path}`);
      await qc.invalidateQueries({ queryKey: authQueries.invites().queryKey });
    },
  });
  const open =
    invites.data?.items.filter((i) => !i.acceptedAt && !i.revokedAt && new Date(i.expiresAt) > new Date()) ?? [];
  return (
    <Section title="Invite links">
      <div className="flex items-center gap-2">
        <label className="text-sm">
          Role{" "}
          <select
            aria-label="Invite role"
            className="rounded-md border border-slate-300 px-2 py-1"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={buttonStyles.primary}
          onClick={() => create.mutate()}
          disabled={create.isPending}
        >
          Create invite link
        </button>
      </div>
      <FormError message={create.error?.message ?? null} />
      {link && (
        <div className="flex items-center gap-2 rounded-md bg-amber-50 p-3 text-sm">
          <span className="flex-1 font-mono text-xs break-all" data-testid="invite-link">
            {link}
          </span>
          <CopyButton text={link} />
        </div>
      )}
      {link && (
        <p className="text-xs text-slate-500">
          Send this link to the person you invite. It works once, for 7 days, and is not shown again.
        </p>
      )}
      <ul className="text-sm text-slate-600">
        {open.map((i) => (
          <li key={i.id} className="flex items-center gap-2 py-1">
            <span className="flex-1">
              {i.role} invite, expires {new Date(i.expiresAt).toLocaleDateString()}
            </span>
            <button
              type="button"
              className={buttonStyles.ghost}
              onClick={async () => {
                await revokeInvite(i.id);
                await qc.invalidateQueries({ queryKey: authQueries.invites().queryKey });
              }}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ApiKeys() {
  const qc = useQueryClient();
  const keys = useQuery(authQueries.apiKeys());
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiKeyScope>("read");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createApiKey(name, scope),
    onSuccess: async (k) => {
      setSecret(k.key);
      setName("");
      await qc.invalidateQueries({ queryKey: authQueries.apiKeys().queryKey });
    },
  });
  return (
    <Section title="API keys">
      <form
        className="flex items-end gap-2"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label className="flex-1 text-sm">
          Name
          <input
            className={`${inputStyles} mt-1`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={80}
          />
        </label>
        <select
          aria-label="Scope"
          className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          value={scope}
          onChange={(e) => setScope(e.target.value as ApiKeyScope)}
        >
          <option value="read">read</option>
          <option value="write">write</option>
          <option value="owner">owner (credentials, members)</option>
        </select>
        <button type="submit" className={buttonStyles.primary} disabled={create.isPending}>
          Create key
        </button>
      </form>
      <FormError message={create.error?.message ?? null} />
      {secret && (
        <div className="flex items-center gap-2 rounded-md bg-amber-50 p-3 text-sm">
          <span className="flex-1 font-mono text-xs break-all" data-testid="new-api-key">
            {secret}
          </span>
          <CopyButton text={secret} />
        </div>
      )}
      {secret && (
        <p className="text-xs text-slate-500">
          Copy it now: it is shown only once. Send it as `Authorization: Bearer &lt;key&gt;`.
        </p>
      )}
      <ul className="divide-y divide-slate-100 text-sm">
        {keys.data?.items.map((k) => (
          <li key={k.id} className="flex items-center gap-3 py-2">
            <span className="flex-1">
              {k.name} <span className="font-mono text-xs text-slate-500">{k.prefix}…</span>{" "}
              {k.scope === "owner" ? (
                <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                  owner scope
                </span>
              ) : (
                <span className="text-slate-500">({k.scope})</span>
              )}
            </span>
            <span className="text-xs text-slate-500">
              {k.lastUsedAt ? `used ${new Date(k.lastUsedAt).toLocaleString()}` : "never used"}
            </span>
            {k.revokedAt ? (
              <span className="text-xs text-red-700">revoked</span>
            ) : (
              <button
                type="button"
                className={buttonStyles.danger}
                onClick={async () => {
                  await revokeApiKey(k.id);
                  await qc.invalidateQueries({ queryKey: authQueries.apiKeys().queryKey });
                }}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Registration() {
  const qc = useQueryClient();
  const reg = useQuery(authQueries.registration());
  if (!reg.data) return null;
  return (
    <Section title="Registration">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={reg.data.open}
          onChange={async (e) => {
            await setRegistration(e.target.checked);
            await qc.invalidateQueries({ queryKey: authQueries.registration().queryKey });
          }}
        />
        Anyone may sign up (each new user gets a workspace of their own). Off: invite links only.
      </label>
    </Section>
  );
}

function Password() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    try {
      await changePassword(String(data.get("current")), String(data.get("new")));
      form.reset();
      setMsg({ ok: true, text: "Password changed. Your other sessions were signed out." });
    } catch (err) {
      setMsg({ ok: false, text: (err as Error).message });
    }
  }
  return (
    <Section title="Password">
      <form onSubmit={submit} className="max-w-sm space-y-3">
        <Field label="Current password" name="current" type="password" autoComplete="current-password" required />
        <Field label="New password" name="new" type="password" autoComplete="new-password" minLength={10} required />
        {msg && !msg.ok && <FormError message={msg.text} />}
        {msg?.ok && <p className="text-sm text-green-700">{msg.text}</p>}
        <button type="submit" className={buttonStyles.secondary}>
          Change password
        </button>
      </form>
    </Section>
  );
}
