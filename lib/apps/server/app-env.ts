// Per-app settings from the operator's environment, validated with zod:
//   HOOKLINE_APP_<APP>_CLIENT_ID / _CLIENT_SECRET  the OAuth2 client (instead of Settings → Apps)
//   HOOKLINE_APP_<APP>_BASE_URL                    replaces the origin of every vendor URL of the app
// The base URL exists for local fakes of the vendor (tests) and for a vendor's regional or proxy
// host. It is the operator's: no editor can set it, so no flow can send an app's token elsewhere.
import "server-only";
import { z } from "zod";

const schema = z.object({
  clientId: z.string().trim().min(1).max(2000).optional(),
  clientSecret: z.string().trim().min(1).max(4000).optional(),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !new URL(u).search && !new URL(u).hash, "must have no query or fragment")
    .optional(),
});

export type AppEnv = z.output<typeof schema>;

export function appEnv(appId: string, env: NodeJS.ProcessEnv = process.env): AppEnv {
  const prefix = `HOOKLINE_APP_${appId.toUpperCase()}_`;
  const parsed = schema.safeParse({
    clientId: env[`${prefix}CLIENT_ID`] || undefined,
    clientSecret: env[`${prefix}CLIENT_SECRET`] || undefined,
    baseUrl: env[`${prefix}BASE_URL`] || undefined,
  });
  if (!parsed.success)
    // Names the variable, never its value (the secret).
    throw new Error(
      `${prefix}${parsed.error.issues[0]?.path.join("") === "baseUrl" ? "BASE_URL" : "CLIENT_*"}: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}
