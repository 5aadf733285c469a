// The app's log: one JSON object per line on stdout (pino), level from LOG_LEVEL (lib/env.ts).
// Every server process (web, engine, steps) logs through this module; ids go in fields, never only
// in the message text, so a log search by `runId`, `flowId` or `deliveryId` finds every line of a
// run, a flow or a delivery:
//
//   log("executor").warn({ runId, err }, "a call into the SDK failed; retrying in 1 s")
//
// Writes are synchronous (pino.destination with sync: true): a line is in the kernel's pipe or file
// before the call returns, so `kill -9` right after an error loses nothing of it. pino's default
// destination buffers asynchronously and can lose its last lines in a crash. The cost is one
// write(2) per line, which is why the ingest hot path logs nothing per accepted delivery at info
// level (only failures to store one), and the metrics count deliveries instead (metrics.ts).
//
// Secret-bearing fields are censored by pino's `redact` wherever they appear, at the top level or
// nested up to two levels (a request's `headers.authorization`, a credential's `config.password`).
// That guards structured fields only: a message or an error text is written as it is, so never
// put a secret into one (the e2e run's leak check scans the whole log for the secrets it knows).
import "server-only";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { env } from "@/lib/env";

/** Field names whose values are secrets (or may carry one) in any object handed to the log. */
const SECRET_FIELDS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "password",
  "currentPassword",
  "newPassword",
  "secret",
  "token",
  "value",
  "apiKey",
  "key",
  "signingKey",
  "eventKey",
  "x-api-key",
  // OAuth2 (apps): the token endpoint's answer and a client's registration, in either spelling.
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "clientSecret",
  "client_secret",
  "code_verifier",
  "codeVerifier",
];
const bracket = (f: string) => (/^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`);
const join = (prefix: string, f: string) => (bracket(f).startsWith("[") ? `${prefix}${bracket(f)}` : `${prefix}.${f}`);
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((f) => [bracket(f), join("*", f), join("*.*", f)]);
export const REDACTED = "[redacted]";

export type LogLevel = Level | "silent";

/**
 * A logger writing to `destination` (stdout, synchronously, by default). The app uses the shared
 * one through log(); tests make their own to read what was written.
 */
export function createLogger(opts: { destination?: DestinationStream; level?: LogLevel } = {}): Logger {
  return pino(
    {
      level: opts.level ?? configuredLevel(),
      // pid, hostname and the process's role (web, engine or steps) on every line: `npm start`
      // interleaves three processes (more with steps workers) on one stdout.
      base: { pid: process.pid, role: process.env.HOOKLINE_ROLE ?? "web" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** LOG_LEVEL, or info while the environment is invalid (env() itself reports that, by name). */
function configuredLevel(): LogLevel {
  try {
    return env().LOG_LEVEL;
  } catch {
    return "info";
  }
}

// One root logger per process: Next evaluates modules once per bundle, and every copy must share
// one file descriptor writer (two sync writers on fd 1 would still be correct, but wasteful).
const g = globalThis as unknown as { __hooklineLog?: Logger; __hooklineLogChildren?: Map<string, Logger> };

/** The process's logger, or a child whose lines carry `component` (executor, dispatcher, ingest...). */
export function log(component?: string): Logger {
  const root = (g.__hooklineLog ??= createLogger());
  if (!component) return root;
  const children = (g.__hooklineLogChildren ??= new Map());
  let child = children.get(component);
  if (!child) children.set(component, (child = root.child({ component })));
  return child;
}

/** An error as log fields (`err` is serialized by pino: type, message, stack). */
export const errField = (e: unknown) => ({ err: e instanceof Error ? e : new Error(String(e)) });
