// Each OAuth2 app's client id and secret, entered once by an owner (Settings → Apps) or given by
// the operator's env (HOOKLINE_APP_<APP>_CLIENT_ID/_SECRET, which wins). Stored instance-wide in
// InstanceSetting, the secret sealed (AES-256-GCM, bound to the app). The API shows the client id,
// whether a secret is set, and the redirect URL to register with the vendor; never the secret.
import "server-only";
import { z } from "zod";
import { open, seal } from "@/lib/crypto/secret-box";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { appEnv } from "./app-env";

export const clientSettingsBody = z.object({
  clientId: z.string({ error: "Client id is required" }).trim().min(1, "Client id is required").max(2000),
  // Empty keeps the stored secret (the form never gets it back to resend).
  clientSecret: z.string().trim().max(4000).default(""),
});

export type ClientSettings = { clientId: string; clientSecret: string };
export type ClientSettingsView = {
  clientId: string | null;
  hasSecret: boolean;
  source: "env" | "settings" | null;
  redirectUrl: string;
};

const key = (appId: string) => `app-client:${appId}`;
const context = (appId: string) => `app-client:${appId}`;

/** The client to use, or null when none is set up. */
export async function clientSettings(appId: string): Promise<(ClientSettings & { source: "env" | "settings" }) | null> {
  const fromEnv = appEnv(appId);
  if (fromEnv.clientId && fromEnv.clientSecret)
    return { clientId: fromEnv.clientId, clientSecret: fromEnv.clientSecret, source: "env" };
  const db = await getDb();
  const row = await db.instanceSetting.findUnique({ where: { key: key(appId) } });
  if (!row) return null;
  const stored = JSON.parse(open(row.value, context(appId))) as ClientSettings;
  return { ...stored, source: "settings" };
}

export async function saveClientSettings(appId: string, input: z.output<typeof clientSettingsBody>): Promise<void> {
  let secret = input.clientSecret;
  if (!secret) {
    const existing = await clientSettings(appId).catch(() => null);
    if (!existing || existing.source !== "settings") throw new Error("Client secret is required");
    secret = existing.clientSecret;
  }
  const value = seal(JSON.stringify({ clientId: input.clientId, clientSecret: secret }), context(appId));
  const db = await getDb();
  await db.instanceSetting.upsert({
    where: { key: key(appId) },
    create: { key: key(appId), value },
    update: { value },
  });
}

export async function deleteClientSettings(appId: string): Promise<void> {
  const db = await getDb();
  await db.instanceSetting.deleteMany({ where: { key: key(appId) } });
}

/** Where the vendor sends the browser back: HOOKLINE_PUBLIC_URL's origin, else the request's. */
export function redirectUrl(requestOrigin: string): string {
  return new URL("/api/oauth/callback", env().HOOKLINE_PUBLIC_URL ?? requestOrigin).href;
}

export async function clientSettingsView(appId: string, requestOrigin: string): Promise<ClientSettingsView> {
  const s = await clientSettings(appId).catch(() => null);
  return {
    clientId: s?.clientId ?? null,
    hasSecret: Boolean(s?.clientSecret),
    source: s?.source ?? null,
    redirectUrl: redirectUrl(requestOrigin),
  };
}
