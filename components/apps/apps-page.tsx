"use client";

// The Apps page: every app of the catalog with its logo and operations, its accounts, and the
// way to add one: "Connect account" for OAuth2 apps (after an owner entered the app's client id
// and secret, with the redirect URL shown to register at the vendor), a key/token form for the
// others. Disconnect revokes the grant at the vendor when it can.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import { appListSchema, type AppView, type KeyPartView } from "@/lib/apps/app-view";
import { credentialQueries, createCredential } from "@/lib/queries/credentials";
import { fetchJson } from "@/lib/queries/fetch-json";

const appsQuery = {
  queryKey: ["apps"],
  queryFn: async () => appListSchema.parse(await fetchJson<unknown>("/api/apps")),
};

export function AppsPage() {
  const apps = useQuery(appsQuery);
  const params = useSearchParams();
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = (apps.data?.items ?? []).filter(
    (a) => !q || `${a.name} ${a.description} ${a.operations.map((o) => o.label).join(" ")}`.toLowerCase().includes(q),
  );
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-6 py-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Apps</h1>
        <p className="mt-1 text-sm text-slate-600">
          Connect the services your flows act on. Each operation is a node in the editor&apos;s palette.
        </p>
      </div>
      {params.get("connected") && (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          Account connected.
        </p>
      )}
      {params.get("error") && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {params.get("error")}
        </p>
      )}
      <input
        type="search"
        aria-label="Search apps"
        placeholder="Search apps"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className={inputStyles}
      />
      {apps.isPending && <p className="text-sm text-slate-500">Loading apps…</p>}
      {shown.map((app) => (
        <AppCard key={app.id} app={app} />
      ))}
    </div>
  );
}

function AppCard({ app }: { app: AppView }) {
  const credentials = useQuery(credentialQueries.all());
  const accounts = (credentials.data?.items ?? []).filter((c) => c.type === "app" && c.app?.id === app.id);
  const client = useQueryClient();
  const disconnect = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/apps/accounts/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: credentialQueries.all().queryKey }),
  });
  return (
    <section
      id={app.id}
      aria-labelledby={`app-${app.id}`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex items-center gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element -- a small local SVG */}
        <img src={app.logo} alt="" width={28} height={28} />
        <div>
          <h2 id={`app-${app.id}`} className="text-lg font-semibold">
            {app.name}
          </h2>
          <p className="text-xs text-slate-500">{app.operations.map((o) => o.label).join(" · ")}</p>
        </div>
      </div>
      <ul className="mt-3 flex flex-col gap-1">
        {accounts.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-2 text-sm">
            <span>
              {c.name}
              {c.app?.connected === false && <span className="ml-2 text-xs text-amber-700">(not connected yet)</span>}
            </span>
            <button
              type="button"
              className={buttonStyles.danger}
              disabled={disconnect.isPending}
              onClick={() => disconnect.mutate(c.id)}
            >
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      <div className="mt-3">
        {app.auth.kind === "oauth2" ? <OAuthConnect app={app} setUp={app.auth.setUp} /> : <KeyForm app={app} />}
      </div>
    </section>
  );
}

function OAuthConnect({ app, setUp }: { app: AppView; setUp: boolean }) {
  const [name, setName] = useState(`${app.name} account`);
  const connect = useMutation({
    mutationFn: () =>
      fetchJson<{ authorizationUrl: string }>("/api/apps/connect", { method: "POST", json: { app: app.id, name } }),
    onSuccess: (r) => window.location.assign(r.authorizationUrl),
  });
  return (
    <div className="flex flex-col gap-3">
      {setUp ? (
        <div className="flex items-end gap-2">
          <label className="flex-1 text-sm">
            Account name
            <input value={name} onChange={(e) => setName(e.target.value)} className={inputStyles} />
          </label>
          <button
            type="button"
            className={buttonStyles.primary}
            onClick={() => connect.mutate()}
            disabled={connect.isPending}
          >
            Connect account
          </button>
        </div>
      ) : (
        <p className="text-sm text-slate-600">An owner first enters this app&apos;s OAuth client below.</p>
      )}
      {connect.error && <p className="text-sm text-red-700">{connect.error.message}</p>}
      <ClientSettings app={app} />
    </div>
  );
}

type ClientView = {
  clientId: string | null;
  hasSecret: boolean;
  source: "env" | "settings" | null;
  redirectUrl: string;
};

function ClientSettings({ app }: { app: AppView }) {
  const qc = useQueryClient();
  const view = useQuery({
    queryKey: ["app-client", app.id],
    queryFn: () => fetchJson<ClientView>(`/api/apps/client?app=${app.id}`),
    retry: false,
  });
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const save = useMutation({
    mutationFn: () =>
      fetchJson<ClientView>("/api/apps/client", { method: "PUT", json: { app: app.id, clientId, clientSecret } }),
    onSuccess: () => {
      setClientSecret("");
      void qc.invalidateQueries({ queryKey: ["app-client", app.id] });
      void qc.invalidateQueries({ queryKey: ["apps"] });
    },
  });
  if (view.isError) return null; // not an owner: nothing to set up here
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600">OAuth client (owner)</summary>
      {view.data && (
        <div className="mt-2 flex flex-col gap-2">
          <p>
            Redirect URL to register with {app.name}: <code className="break-all">{view.data.redirectUrl}</code>{" "}
            {app.auth.kind === "oauth2" && (
              <a href={app.auth.consoleUrl} className={linkStyles} target="_blank" rel="noreferrer">
                vendor console
              </a>
            )}
          </p>
          {view.data.source === "env" ? (
            <p className="text-slate-600">
              Set by the environment (HOOKLINE_APP_{app.id.toUpperCase()}_CLIENT_ID/SECRET).
            </p>
          ) : (
            <form onSubmit={submit} className="flex flex-col gap-2">
              <label>
                Client id
                <input
                  value={clientId || view.data.clientId || ""}
                  onChange={(e) => setClientId(e.target.value)}
                  className={inputStyles}
                />
              </label>
              <label>
                Client secret{" "}
                {view.data.hasSecret && <span className="text-xs text-slate-500">(set; leave empty to keep)</span>}
                <input
                  type="password"
                  autoComplete="off"
                  value={clientSecret}
                  onChange={(e) => setClientSecret(e.target.value)}
                  className={inputStyles}
                />
              </label>
              <button type="submit" className={buttonStyles.secondary} disabled={save.isPending}>
                Save client
              </button>
              {save.error && <p className="text-red-700">{save.error.message}</p>}
            </form>
          )}
        </div>
      )}
    </details>
  );
}

/** The account form of an app that takes a key, a token or a login (not OAuth2). */
export function KeyForm({ app }: { app: AppView }) {
  const qc = useQueryClient();
  const parts: KeyPartView[] =
    app.auth.kind === "apiKey"
      ? app.auth.parts
      : app.auth.kind === "bearer"
        ? [{ name: "token", label: app.auth.label, secret: true }]
        : app.auth.kind === "basic"
          ? [
              { name: "username", label: app.auth.usernameLabel, secret: true },
              { name: "password", label: app.auth.passwordLabel, secret: true },
            ]
          : [];
  const [name, setName] = useState(`${app.name} account`);
  const [values, setValues] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () => createCredential({ name, type: "app", value: { app: app.id, auth: values } }),
    onSuccess: () => {
      setValues({});
      void qc.invalidateQueries({ queryKey: credentialQueries.all().queryKey });
    },
  });
  return (
    <form
      className="flex flex-col gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        Account name
        <input value={name} onChange={(e) => setName(e.target.value)} className={inputStyles} />
      </label>
      {parts.map((p) => (
        <label key={p.name}>
          {p.label}
          {/* A secret stays masked; the shop's domain (a "host" part) is shown as typed. */}
          <input
            type={p.secret ? "password" : "text"}
            autoComplete="off"
            placeholder={p.hint}
            value={values[p.name] ?? ""}
            onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
            className={inputStyles}
          />
        </label>
      ))}
      <button type="submit" className={buttonStyles.primary} disabled={add.isPending}>
        Add account
      </button>
      {add.error && <p className="text-red-700">{add.error.message}</p>}
    </form>
  );
}
