// The operators' CLI (docs/auth.md). Run through npm so it uses this checkout's DATABASE_URL etc.:
//   npm run hookline -- user:create --email ada@example.com --password '...' [--name Ada]
//                       [--workspace <id> --role owner|editor|viewer] [--api-key [--scope read|write|owner]]
//   npm run hookline -- user:reset-password --email ada@example.com --password '...'
//   npm run hookline -- user:unlock --email ada@example.com
//   npm run hookline -- registration:set --open|--closed
// Passwords can come from the environment instead of the command line: HOOKLINE_PASSWORD.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiKey } from "@/lib/auth/api-keys";
import { createUser, resetPassword, unlockUser } from "@/lib/auth/operator";
import { roles, apiKeyScopes } from "@/lib/auth/roles";
import { audit } from "@/lib/audit/audit";
import { closeDb, getDb } from "@/lib/db";

const USAGE = `usage:
  npm run hookline -- user:create --email <e-mail> --password <password> [--name <name>]
                      [--workspace <id> --role owner|editor|viewer] [--api-key [--scope read|write|owner]]
  npm run hookline -- user:reset-password --email <e-mail> --password <password>
  npm run hookline -- user:unlock --email <e-mail>
  npm run hookline -- registration:set --open | --closed
(the password may also come from HOOKLINE_PASSWORD)`;

const argsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  password: z.string().min(10, "the password needs at least 10 characters").max(256).optional(),
  name: z.string().max(120).optional(),
  workspace: z.string().max(64).optional(),
  role: z.enum(roles).optional(),
  "api-key": z.boolean().optional(),
  scope: z.enum(apiKeyScopes).default("write"),
  open: z.boolean().optional(),
  closed: z.boolean().optional(),
});

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      workspace: { type: "string" },
      role: { type: "string" },
      "api-key": { type: "boolean" },
      scope: { type: "string" },
      open: { type: "boolean" },
      closed: { type: "boolean" },
    },
  });
  const parsed = argsSchema.safeParse({ ...values, password: values.password ?? process.env.HOOKLINE_PASSWORD });
  if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  const a = parsed.data;
  const command = positionals[0];
  if (command === "user:create") {
    if (!a.email || !a.password) fail("user:create needs --email and --password");
    const user = await createUser({
      email: a.email,
      password: a.password,
      name: a.name,
      workspaceId: a.workspace,
      role: a.role,
    });
    console.log(`created ${user.email} (${user.role} of workspace ${user.workspaceId})`);
    if (a["api-key"]) {
      const key = await createApiKey(
        user.workspaceId,
        { name: `CLI key for ${user.email}`, scope: a.scope },
        user.userId,
        user.role,
      );
      await audit(
        "api_key.created",
        { type: "api_key", id: key.id, name: key.name },
        { via: "cli", scope: a.scope },
        { workspaceId: user.workspaceId, actor: { type: "system", label: "CLI" } },
      );
      // The only time the key is shown: on stdout, alone on its line, for scripts to capture.
      console.log(`api key (${a.scope}, shown once): ${key.key}`);
    }
  } else if (command === "user:reset-password") {
    if (!a.email || !a.password) fail("user:reset-password needs --email and --password");
    await resetPassword(a.email, a.password);
    console.log(`password of ${a.email} reset; their sessions were ended`);
  } else if (command === "user:unlock") {
    if (!a.email) fail("user:unlock needs --email");
    const cleared = await unlockUser(a.email);
    console.log(`sign-in of ${a.email} unlocked (${cleared} counter${cleared === 1 ? "" : "s"} cleared)`);
  } else if (command === "registration:set") {
    if (a.open === a.closed) fail("registration:set needs --open or --closed");
    const db = await getDb();
    const value = a.open ? "open" : "invite";
    await db.instanceSetting.upsert({
      where: { key: "registration" },
      create: { key: "registration", value },
      update: { value },
    });
    console.log(`registration is ${a.open ? "open" : "by invitation only"}`);
  } else {
    fail(USAGE);
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main()
  .then(() => closeDb())
  .catch(async (e) => {
    console.error(`error: ${(e as Error).message}`);
    await closeDb().catch(() => {});
    process.exit(1);
  });
