// Embedded mode keeps the signed protocol of production: a signing key (the executor signs its
// calls, the SDK signs its answers and checkpoints) and an event key (the event API). Both are
// derived from the app's secret key (HOOKLINE_SECRET_KEY, or on one SQLite machine the generated
// <data dir>/secret-key) with HKDF-SHA256 and a label each, so every instance and every process on
// one database has the same keys with nothing to copy or store: the instance that holds the
// executor lease signs calls that any instance's steps endpoint accepts. They were random keys in
// <data dir>/embedded-inngest-keys.json, one per instance, and two instances on one database then
// rejected each other's signatures; that file is no longer read (a run in flight with the old key
// is simply called again with the new one).
import { hkdfSync } from "node:crypto";

export type LocalKeys = { signingKey: string; eventKey: string };

const derive = (secret: Buffer, label: string, bytes: number) =>
  Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `hookline/${label}`, bytes));

export function embeddedKeys(secret: Buffer): LocalKeys {
  return {
    // The SDK reads the hex after "signkey-<env>-" as the HMAC key.
    signingKey: `signkey-local-${derive(secret, "embedded-inngest/signing-key", 32).toString("hex")}`,
    eventKey: derive(secret, "embedded-inngest/event-key", 24).toString("hex"),
  };
}
