// Credential types: one zod schema per type for the secret value, labels for the UI, and the
// masked view the API answers with. Browser-safe (the credential forms validate with it); the
// sealing and storage are server-only (lib/credentials/*, lib/crypto/*).
import { z } from "zod";
import { getApp } from "@/lib/apps/catalog";
import { appCredentialSchema, appSecretPart } from "@/lib/apps/credential-values";

const required = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .min(1, `${what} is required`)
    .max(max, `${what} is too long`);

const webhookUrl = required("Webhook URL", 1000).regex(
  /^https?:\/\/[^\s/]+\/\S+$/,
  "Webhook URL must start with https://",
);

export const credentialValueSchemas = {
  // What a webhook sender signs with (or sends as a token / Basic password).
  // Whitespace at either end is a paste accident that would fail every signature check silently.
  "webhook-secret": required("Secret", 1000).refine(
    (v) => v.trim() === v,
    "Secret starts or ends with whitespace; remove it",
  ),
  "bearer-token": required("Token", 8192),
  "basic-auth": z.object({
    username: required("Username", 200).refine((u) => !u.includes(":"), "Username cannot contain a colon"),
    password: required("Password", 1000),
  }),
  header: z.object({
    name: required("Header name", 100).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name"),
    value: required("Header value", 8192),
  }),
  // Chat incoming-webhook URLs: the URL itself is the secret. http:// is accepted for self-hosted
  // Slack-compatible servers on a private network (and local test servers); use https elsewhere.
  "slack-webhook-url": webhookUrl,
  "discord-webhook-url": webhookUrl,
  "teams-webhook-url": webhookUrl,
  smtp: z.object({
    host: required("Host", 255).regex(/^[^\s/:]+$/, "Host is a name or address, without a scheme or port"),
    port: z
      .number({ error: "Port is required" })
      .int("Port is a whole number")
      .min(1, "Port is 1 to 65535")
      .max(65535, "Port is 1 to 65535"),
    // true = TLS from the first byte (usually port 465); false = STARTTLS when offered (587, 25).
    secure: z.boolean(),
    username: z.string().max(255, "Username is too long"),
    password: z.string().max(1000, "Password is too long"),
    from: required("From address", 320).regex(
      /^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/,
      "From is an e-mail address, optionally as Name <address>",
    ),
    // Unset (the default): with a login, the connection must be encrypted (TLS, or STARTTLS even
    // when the server does not offer it), else nothing is sent: a network that strips STARTTLS
    // from the greeting would otherwise read the password. true: a local relay without TLS.
    allowUnencrypted: z.boolean().optional(),
  }),
  // An account of an app of the catalog (lib/apps): which app, and what its auth kind holds
  // (API key parts, a token, a login, or OAuth2 tokens). OAuth2 accounts are made only by
  // "Connect account" (lib/apps/server/oauth-connect.ts), so parseAppValue is told when that is allowed.
  app: z.object({ app: z.string().max(40), auth: z.unknown() }).superRefine((v, ctx) => {
    const app = getApp(v.app);
    if (!app) return ctx.addIssue({ code: "custom", path: ["app"], message: `Unknown app "${v.app}"` });
    const auth = appCredentialSchema(app.auth).safeParse(v.auth);
    if (!auth.success)
      for (const issue of auth.error.issues)
        ctx.addIssue({ code: "custom", message: issue.message, path: ["auth", ...issue.path] });
  }),
} as const;

export type CredentialType = keyof typeof credentialValueSchemas;
export type CredentialValueOf<T extends CredentialType> = z.output<(typeof credentialValueSchemas)[T]>;

/** The types a person creates on the Credentials page (app accounts are made on the Apps page). */
export const credentialTypes = Object.keys(credentialValueSchemas).filter((t) => t !== "app") as CredentialType[];
export const credentialTypeSchema = z.enum(
  Object.keys(credentialValueSchemas) as [CredentialType, ...CredentialType[]],
  {
    error: `Type must be one of ${Object.keys(credentialValueSchemas).join(", ")}`,
  },
);

export const credentialTypeInfo: Record<CredentialType, { label: string; description: string }> = {
  "webhook-secret": {
    label: "Webhook signing secret",
    description: "What a sender (Stripe, GitHub, Shopify…) signs its webhooks with, or the token / password it sends.",
  },
  "bearer-token": { label: "Bearer token", description: "Sent as Authorization: Bearer <token> by HTTP actions." },
  "basic-auth": { label: "Basic auth login", description: "A username and password sent as Authorization: Basic." },
  header: { label: "Secret header", description: "A header name and secret value, e.g. X-Api-Key." },
  "slack-webhook-url": {
    label: "Slack webhook URL",
    description: "An incoming-webhook URL (https://hooks.slack.com/…); the URL itself is the secret.",
  },
  "discord-webhook-url": {
    label: "Discord webhook URL",
    description: "A channel webhook URL (https://discord.com/api/webhooks/…); the URL itself is the secret.",
  },
  "teams-webhook-url": {
    label: "Microsoft Teams webhook URL",
    description: "A Teams channel's incoming-webhook or Workflows URL; the URL itself is the secret.",
  },
  smtp: { label: "SMTP server", description: "Host, port and login of the mail server that sends e-mail." },
  app: {
    label: "App account",
    description: "An account of an app (Trello, Stripe, Google Sheets…), from the Apps page.",
  },
};

/** An app value whose app signs in with OAuth2: only "Connect account" may store one. */
export function isOAuthValue(value: unknown): boolean {
  return getApp(String((value as { app?: unknown } | null)?.app))?.auth.kind === "oauth2";
}

export const parseValue = <T extends CredentialType>(type: T, value: unknown) =>
  (credentialValueSchemas[type] as z.ZodType).safeParse(value) as z.ZodSafeParseResult<CredentialValueOf<T>>;

/** The part of a value that is the secret, for the masked hint. */
export function secretPart(type: CredentialType, value: unknown): string {
  const v = value as Partial<Record<string, unknown>>;
  if (type === "app") {
    const app = getApp(String(v.app));
    return app ? appSecretPart(app.auth, v.auth) : "";
  }
  const text = type === "basic-auth" || type === "smtp" ? v.password : type === "header" ? v.value : value;
  return typeof text === "string" ? text : "";
}

const name = z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(120, "Name is too long");

// `keepPreviousForHours`: during a rotation senders may still sign with the old secret; 0 drops
// it at once. 30 days at most: an old secret should not linger.
export const keepPreviousForHours = z
  .number()
  .int("Hours are a whole number")
  .min(0, "Hours cannot be negative")
  .max(24 * 30, "Keep the old secret for 720 hours (30 days) at most");

export const createCredentialBody = z
  .object({ name, type: credentialTypeSchema, value: z.unknown() })
  .superRefine(
    (body, ctx) => {
      const value = parseValue(body.type, body.value);
      if (value.success && body.type === "app" && isOAuthValue(value.data))
        ctx.addIssue({ code: "custom", path: ["value", "app"], message: "Connect this app with “Connect account”" });
      if (!value.success)
        for (const issue of value.error.issues)
          ctx.addIssue({ code: "custom", message: issue.message, path: ["value", ...issue.path] });
    },
    // Checked even when the name is wrong, so every problem is listed at once.
    {
      when: (payload) =>
        credentialTypeSchema.safeParse((payload.value as { type?: unknown } | undefined)?.type).success,
    },
  )
  .transform(
    (body) => ({ name: body.name, type: body.type, value: parseValue(body.type, body.value).data }) as NewCredential,
  );

export const updateCredentialBody = z
  .object({
    name: name.optional(),
    value: z.unknown().optional(),
    keepPreviousForHours: keepPreviousForHours.optional(),
  })
  .refine((b) => b.name !== undefined || b.value !== undefined, "Send a name, a value or both")
  .refine((b) => b.keepPreviousForHours === undefined || b.value !== undefined, {
    message: "keepPreviousForHours applies to a new value",
    path: ["keepPreviousForHours"],
  });

export type NewCredential = {
  [T in CredentialType]: { name: string; type: T; value: CredentialValueOf<T> };
}[CredentialType];
export type CredentialUpdate = z.output<typeof updateCredentialBody>;

/** What the API answers: never the secret, only its last 4 characters when it is long enough. */
export type CredentialView = {
  id: string;
  name: string;
  type: CredentialType;
  createdAt: string;
  updatedAt: string;
  hint: string;
  rotation: { previousValidUntil: string } | null;
  /** type "app": the app's id, and for OAuth2 whether the account is connected (never a token). */
  app?: { id: string; connected: boolean };
  /** Set when the stored value cannot be decrypted (the key changed): give it a new value or delete it. */
  unreadable?: true;
};
