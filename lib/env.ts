// Server configuration, validated once with zod. Everything has an embedded default, so a fresh
// clone runs with no env at all: a SQLite file in ./data and the embedded executor.
import "server-only";
import { z } from "zod";
import { parseAllowList } from "@/lib/net/allow-list";

const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .default("file:./data/hookline.db")
      .refine(
        (u) => /^(file:|postgres(ql)?:\/\/)/.test(u),
        "must be file:<path> (SQLite) or postgres://... (PostgreSQL)",
      ),
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
      .refine(
        (k) => Buffer.from(k, "base64").length === 32,
        "must be 32 random bytes in base64 (openssl rand -base64 32)",
      )
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
    // per-address limits (lib/net/client-address.ts), X-Forwarded-Host/-Proto the origin of printed
    // URLs (lib/net/request-origin.ts). Unset, those headers are ignored.
    HOOKLINE_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    // Budgets for rejected deliveries to webhook URLs (bad signature, stale, malformed, bad method,
    // too large...; lib/webhooks/reject-budget.ts): per source address and per flow, in fixed
    // windows of HOOKLINE_REJECTED_WINDOW_S seconds. Past either, the answer is 429 and only a
    // counter is kept. Accepted deliveries never count and are never refused by these.
    HOOKLINE_REJECTED_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(20),
    HOOKLINE_REJECTED_PER_FLOW: z.coerce.number().int().min(1).max(1_000_000).default(100),
    HOOKLINE_REJECTED_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
    // `npm start` runs the dispatcher, the embedded executor and the background jobs in a child
    // "engine process", and the flow function (serve()) in a child "steps process", both at a lower
    // CPU priority (scripts/server.ts); "off" keeps them in the web process. HOOKLINE_ROLE and
    // HOOKLINE_STEPS_PORT are set by the web process on those children (internal).
    HOOKLINE_ENGINE_PROCESS: z.enum(["on", "off"]).default("on"),
    HOOKLINE_ROLE: z.enum(["web", "engine", "steps"]).default("web"),
    HOOKLINE_STEPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // Worker processes of the steps process (node:cluster, one port): default one per core, at most 8.
    HOOKLINE_STEPS_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    // SIGTERM: how long the running steps get to finish (the web server first answers the deliveries
    // in flight, then the engine stops taking jobs and hands the executor lease over once they end).
    HOOKLINE_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    // Set by tests to start without the background loops.
    HOOKLINE_BACKGROUND: z.enum(["on", "off"]).default("on"),
    // ---- The public listener (scripts/server.ts, lib/net/public-listener.ts) and who may be Inngest.
    // HOST: where the web server listens; INNGEST_DEV is refused unless it is loopback (below).
    HOST: z.string().min(1).default("127.0.0.1"),
    // A request's headers must arrive within this (slowloris: half-sent requests are closed).
    HOOKLINE_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    // A whole request, body included: room for a slow but honest 10 MB upload.
    HOOKLINE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // An idle kept-alive connection is closed after this: longer than a reverse proxy's or load
    // balancer's own idle timeout (nginx and AWS ALB: 60 s), so the app never closes a connection
    // the proxy is about to reuse.
    HOOKLINE_KEEPALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
    // Connections held at once from one source address (an IPv6 /64); the next is closed at once.
    // 0 = no cap (behind a reverse proxy, where every connection comes from the proxy).
    HOOKLINE_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(256),
    // Connections held at once from all addresses together: a few addresses under the per-address
    // cap must not take every file descriptor (then the database and new senders get EMFILE).
    // Default: three quarters of the process's open-files limit (lib/net/public-listener.ts).
    HOOKLINE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).optional(),
    // ---- Metrics and logs (lib/observability). GET /api/metrics answers a caller that sends
    // `Authorization: Bearer <HOOKLINE_METRICS_TOKEN>`; with no token set, only loopback callers.
    // At least 16 characters: it is compared in constant time, but a short one can be guessed.
    HOOKLINE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (openssl rand -hex 32)").optional(),
    // The log's level: JSON lines on stdout at this level and above.
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_EVENT_API_BASE_URL: z.url().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_DEV: z.string().optional(),
  })
  .superRefine(publicListenerRules)
  .superRefine(sharedDatabaseRules);

/**
 * Rules across variables. INNGEST_DEV puts the SDK in dev mode, where `/api/inngest` checks no
 * signature: anyone who can reach it could run the flows with events and step outputs of their
 * choosing, so only on loopback. Node refuses a header timeout longer than the request timeout.
 */
function publicListenerRules(
  e: {
    HOST: string;
    INNGEST_DEV?: string;
    HOOKLINE_HEADERS_TIMEOUT_SECONDS: number;
    HOOKLINE_REQUEST_TIMEOUT_SECONDS: number;
  },
  ctx: z.RefinementCtx,
) {
  if (inngestDevMode(e.INNGEST_DEV) && !isLoopbackHost(e.HOST)) {
    ctx.addIssue({
      code: "custom",
      path: ["INNGEST_DEV"],
      message: `dev mode turns off the signature checks of /api/inngest; it is refused unless HOST is loopback (HOST=${e.HOST})`,
    });
  }
  if (e.HOOKLINE_HEADERS_TIMEOUT_SECONDS > e.HOOKLINE_REQUEST_TIMEOUT_SECONDS) {
    ctx.addIssue({
      code: "custom",
      path: ["HOOKLINE_HEADERS_TIMEOUT_SECONDS"],
      message: "must not be longer than HOOKLINE_REQUEST_TIMEOUT_SECONDS",
    });
  }
}

/**
 * PostgreSQL is shared by several instances: they must seal credentials and derive the embedded
 * executor's signing and event keys (lib/executor/local-keys.ts) from one key. A key file generated
 * per data directory would give each instance its own, and they would reject each other's calls.
 */
function sharedDatabaseRules(e: { DATABASE_URL: string; HOOKLINE_SECRET_KEY?: string }, ctx: z.RefinementCtx) {
  if (isPostgresUrl(e.DATABASE_URL) && !e.HOOKLINE_SECRET_KEY) {
    ctx.addIssue({
      code: "custom",
      path: ["HOOKLINE_SECRET_KEY"],
      message:
        "is required with PostgreSQL (every instance on the database must share it): set it to 32 random bytes in base64 (openssl rand -base64 32)",
    });
  }
}

/** The SDK's reading of INNGEST_DEV: dev mode unless unset, "0" or "false". */
const inngestDevMode = (v: string | undefined) =>
  v !== undefined && !["0", "false", "undefined"].includes(v.trim().toLowerCase());

/** localhost, 127.0.0.0/8 or ::1: a listener no other machine can reach. */
export const isLoopbackHost = (host: string) => /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);

export type Env = z.infer<typeof envSchema> & { executor: "embedded" | "external" };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
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
