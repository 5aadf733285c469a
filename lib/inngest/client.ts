// The Inngest client. Embedded mode (the default) points it at the embedded executor on a loopback
// port with locally generated keys, signed like production. Any of INNGEST_BASE_URL,
// INNGEST_SIGNING_KEY or INNGEST_DEV hands the app to a real Inngest (Cloud, self-hosted or dev
// server), configured by the SDK's usual env vars.
import "server-only";
import { Inngest } from "inngest";
import { env } from "@/lib/env";
import { localKeys } from "@/lib/executor/local-keys";
import { loopbackFetch } from "@/lib/net/loopback-fetch";

export const APP_ID = "hookline";

const g = globalThis as unknown as { __hooklineInngest?: Inngest };

export function embeddedConfig() {
  const e = env();
  return { baseUrl: `http://127.0.0.1:${e.HOOKLINE_EXECUTOR_PORT}`, ...localKeys(e.HOOKLINE_DATA_DIR) };
}

export function getInngest(): Inngest {
  if (g.__hooklineInngest) return g.__hooklineInngest;
  const embedded = env().executor === "embedded";
  g.__hooklineInngest = embedded
    ? // Checkpointing: the embedded executor serves /v1/checkpoint, so a run's steps go in one
      // request. Its checkpoint calls are loopback HTTP: node:http, not Node's fetch (lib/net/loopback-fetch.ts).
      new Inngest({ id: APP_ID, isDev: false, checkpointing: true, fetch: loopbackFetch, ...embeddedConfig() })
    : new Inngest({ id: APP_ID });
  return g.__hooklineInngest;
}
