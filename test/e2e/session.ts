// Sign-in and secret bookkeeping for the e2e run (used by app.ts and fixtures.ts).
//
// - startApp() creates the install's owner (first sign-up) and registers the app here; the
//   fixture signs every page in with the owner's session cookie, and Node `fetch` calls from specs
//   to the app's /api/* get the cookie (and this app's Origin) too, unless they send their own.
// - Everything that is a secret is recorded as the run goes: passwords sent to sign-up/sign-in,
//   credential values sent to /api/credentials, API keys from the one answer that shows them,
//   and at the end the password hashes in the database. Every API answer and page the browser or a
//   spec received, and the app's whole log, are kept; app.stop() fails if any of them contains a
//   recorded secret (test/e2e/auth.spec.ts checks the checker).

export type AppAuth = {
  url: string;
  owner: { email: string; password: string; cookie: string } | null;
  secrets: Set<string>;
  answers: { what: string; body: string }[];
  pending: Promise<unknown>[];
};

const g = globalThis as unknown as { __hooklineE2eApps?: Map<string, AppAuth> };
export const apps = (g.__hooklineE2eApps ??= new Map());

export const latestApp = (): AppAuth | undefined => [...apps.values()].at(-1);
export const appFor = (url: string): AppAuth | undefined => {
  try {
    return apps.get(new URL(url).origin);
  } catch {
    return undefined;
  }
};

/** Secret strings inside a JSON request body sent to `path` (credential values, passwords). */
export function recordRequestSecrets(app: AppAuth, path: string, body: string | null | undefined) {
  if (!body) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return;
  }
  const o = parsed as Record<string, unknown>;
  const add = (v: unknown) => {
    if (typeof v === "string" && v.length >= 8) app.secrets.add(v);
    else if (v && typeof v === "object") Object.values(v).forEach(add);
  };
  if (path.startsWith("/api/credentials")) add(o.value);
  if (path.startsWith("/api/auth/")) ["password", "currentPassword", "newPassword"].forEach((k) => add(o[k]));
}

/** An answer from the app: recorded for the scan; API keys it reveals become secrets. */
export function recordAnswer(app: AppAuth, what: string, path: string, method: string, body: string) {
  if (method === "POST" && path === "/api/api-keys") {
    try {
      const key = (JSON.parse(body) as { key?: string }).key;
      if (key) app.secrets.add(key);
    } catch {
      // not JSON: nothing to learn
    }
    return; // the one answer that shows the key
  }
  app.answers.push({ what, body });
}

/**
 * Where recorded secrets turn up in answers or the log (empty = none). The app's log is JSON lines
 * (lib/observability/log.ts): a secret with a quote, a backslash or a control character is written
 * escaped there, so the log is searched for the escaped form too.
 */
export function findLeaks(app: AppAuth, log: string): string[] {
  const found: string[] = [];
  for (const s of app.secrets) {
    const masked = `${s.slice(0, 3)}…(${s.length} chars)`;
    for (const a of app.answers) if (a.body.includes(s)) found.push(`${masked} in the answer to ${a.what}`);
    if (log.includes(s) || log.includes(JSON.stringify(s).slice(1, -1))) found.push(`${masked} in the app's log`);
  }
  return found;
}
