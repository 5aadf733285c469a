// Server configuration, validated once with zod. Everything has an embedded default, so a fresh
// clone runs with no env at all: a SQLite file in ./data and the embedded executor.
import "server-only";
import { z } from "zod";
import { parseAllowList } from "@/lib/net/allow-list";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/hookline.db")
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), "must be file:<path> (SQLite) or postgres://... (PostgreSQL)"),
  HOOKLINE_DATA_DIR: z.string().default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Public origin used to print webhook URLs (e.g. https://hooks.example.com). Defaults to the
  // origin of the request that asks.
  HOOKLINE_PUBLIC_URL: z.url().optional(),
  // Where the executor reaches this app's serve() endpoint.
  HOOKLINE_SERVE_URL: z.url().optional(),
  // Embedded executor API port (the SDK's INNGEST_BASE_URL points here in embedded mode).
  HOOKLINE_EXECUTOR_PORT: z.coerce.number().int().min(1).max(65535).default(8288),
  // Key that encrypts credentials at rest (AES-256-GCM): 32 bytes, base64. Without it, embedded
  // mode generates one into HOOKLINE_DATA_DIR/secret-key on first start.
  HOOKLINE_SECRET_KEY: z
    .string()
    .refine((k) => Buffer.from(k, "base64").length === 32, "must be 32 random bytes in base64 (openssl rand -base64 32)")
    .optional(),
  // How many SDK calls the embedded executor keeps in flight. A run spends most of its time
  // waiting (for group commits, the target, the checkpoint API), so more in flight is faster:
  // 16 → 64 took the engine bench from ~140 to ~190 three-step runs/s on 2 cores (SQLite); with the
  // steps process on both cores, 64 → 128 took PostgreSQL from 177 to 207 (docs/executor.md).
  HOOKLINE_EXECUTOR_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(128),
  // SSRF guard allow-list: loopback/private destinations actions may reach anyway
  // (e.g. "127.0.0.1:4000,internal.example,10.1.0.0/16"; lib/net/allow-list.ts, docs/nodes.md).
  HOOKLINE_ALLOW_HOSTS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      const parsed = parseAllowList(v);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
    }),
  // 1 = the app sits behind a proxy of yours: X-Forwarded-For gives the client address for the
  // per-address sign-in limit (lib/auth/login-limit.ts). Unset, that header is ignored.
  HOOKLINE_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  // `npm start` runs the dispatcher, the embedded executor and the background jobs in a child
  // "engine process", and the flow function (serve()) in a child "steps process", both at a lower
  // CPU priority (scripts/server.ts); "off" keeps them in the web process. HOOKLINE_ROLE and
  // HOOKLINE_STEPS_PORT are set by the web process on those children (internal).
  HOOKLINE_ENGINE_PROCESS: z.enum(["on", "off"]).default("on"),
  HOOKLINE_ROLE: z.enum(["web", "engine", "steps"]).default("web"),
  HOOKLINE_STEPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Worker processes of the steps process (node:cluster, one port): default one per core, at most 8.
  HOOKLINE_STEPS_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  // Set by tests to start without the background loops.
  HOOKLINE_BACKGROUND: z.enum(["on", "off"]).default("on"),
  INNGEST_BASE_URL: z.url().optional(),
  INNGEST_EVENT_API_BASE_URL: z.url().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema> & { executor: "embedded" | "external" };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${where}`);
  }
  const e = parsed.data;
  // Any of the usual Inngest variables means "a real Inngest runs this app's functions".
  const external = Boolean(e.INNGEST_BASE_URL || e.INNGEST_SIGNING_KEY || e.INNGEST_DEV);
  cached = { ...e, executor: external ? "external" : "embedded" };
  return cached;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Replaces process.env with a plain copy, once, at the start of a server process. Node's
 * process.env is an interceptor over the C environment: enumerating it costs ~25 µs here, and the
 * Inngest SDK enumerates it several times per request it serves (its getProcessEnv), which was
 * ~8% of the engine's CPU. Children still get the same environment (they are forked with it), and
 * nothing in this app changes the C environment after start.
 */
export function snapshotProcessEnv() {
  process.env = { ...process.env };
}
