// The Inngest client. Embedded mode (the default) points it at the embedded executor on a loopback
// port with keys derived from the app's secret key (lib/executor/local-keys.ts), signed like production. Any of INNGEST_BASE_URL,
// INNGEST_SIGNING_KEY or INNGEST_DEV hands the app to a real Inngest (Cloud, self-hosted or dev
// server), configured by the SDK's usual env vars.
import "server-only";
import { Inngest } from "inngest";
import { env } from "@/lib/env";
import { secretKey } from "@/lib/crypto/secret-key";
import { embeddedKeys } from "@/lib/executor/local-keys";
import { loopbackFetch } from "@/lib/net/loopback-fetch";

export const APP_ID = "hookline";

/** Where the app serves its functions (serve()), on whichever listener serves them. */
export const INNGEST_PATH = "/api/inngest";

/**
 * The SDK reports a run's finished steps to the executor this many at a time, and at once before a
 * sleep, a parallel step or an error, and with the run's end (in the call's answer): a 3-step run
 * costs one request instead of four. A step is not run again if its call dies before its report:
 * its record (written before its result goes back to the SDK) gives its output to the next call
 * (run-flow.ts `recorded`), and a long call reads the run's status before each step, so a cancel
 * still stops it at the next step.
 */
export const CHECKPOINT_BUFFERED_STEPS = 20;

const g = globalThis as unknown as { __hooklineInngest?: Inngest };

/** This instance's executor API on loopback, and the keys every instance on the database shares. */
export function embeddedConfig() {
  const e = env();
  return { baseUrl: `http://127.0.0.1:${e.HOOKLINE_EXECUTOR_PORT}`, ...embeddedKeys(secretKey()) };
}

/**
 * Options of every serve() of the app (lib/engine/serve-node.ts, app/api/inngest/route.ts).
 * - No unsigned request reaches the functions or the sync, in cloud mode (the SDK's default lets
 *   an unsigned PUT make it register with Inngest at a URL built from the request's Host header).
 *   Inngest Cloud and the embedded executor sign every request; dev mode checks no signature at
 *   all, which is why INNGEST_DEV is refused unless HOST is loopback (lib/env.ts).
 * - The URL it reports when it registers is fixed: the path, and with an external Inngest the
 *   origin from HOOKLINE_PUBLIC_URL, never the request's Host or X-Forwarded-Host.
 */
export function serveOptions() {
  const e = env();
  const origin = e.executor === "external" && e.HOOKLINE_PUBLIC_URL ? new URL(e.HOOKLINE_PUBLIC_URL).origin : undefined;
  return { enableUnauthedSync: false, servePath: INNGEST_PATH, ...(origin ? { serveOrigin: origin } : {}) };
}

export function getInngest(): Inngest {
  if (g.__hooklineInngest) return g.__hooklineInngest;
  const embedded = env().executor === "embedded";
  g.__hooklineInngest = embedded
    ? // Checkpointing: the embedded executor serves /v1/checkpoint, so a run's steps go in one
      // request. Its checkpoint calls are loopback HTTP: node:http, not Node's fetch (lib/net/loopback-fetch.ts).
      new Inngest({
        id: APP_ID,
        isDev: false,
        checkpointing: { bufferedSteps: CHECKPOINT_BUFFERED_STEPS },
        fetch: loopbackFetch,
        ...embeddedConfig(),
      })
    : new Inngest({ id: APP_ID });
  return g.__hooklineInngest;
}
