// The key that seals credentials at rest: HOOKLINE_SECRET_KEY when set, else (embedded mode only)
// a key generated into <HOOKLINE_DATA_DIR>/secret-key on first use and reused afterwards. Cached on
// globalThis (Next loads route handlers and instrumentation as separate module instances), keyed
// by where it came from, so a changed env is noticed instead of silently sealing with the old key.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

const KEY_BYTES = 32;
const g = globalThis as unknown as { __hooklineSecretKey?: { source: string; key: Buffer } };

export function secretKey(): Buffer {
  const e = env();
  const source = e.HOOKLINE_SECRET_KEY
    ? `env:${e.HOOKLINE_SECRET_KEY}`
    : `file:${path.resolve(e.HOOKLINE_DATA_DIR, "secret-key")}`;
  if (g.__hooklineSecretKey?.source === source) return g.__hooklineSecretKey.key;
  let key: Buffer;
  if (e.HOOKLINE_SECRET_KEY) key = Buffer.from(e.HOOKLINE_SECRET_KEY, "base64");
  else if (e.executor === "embedded") key = readOrCreateKeyFile(e.HOOKLINE_DATA_DIR);
  else
    throw new Error(
      "HOOKLINE_SECRET_KEY is not set: with an external Inngest every app instance must share one key (openssl rand -base64 32)",
    );
  g.__hooklineSecretKey = { source, key };
  return key;
}

/** Reads <dataDir>/secret-key, creating it (mode 0600) when missing; several processes may race. */
export function readOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, "secret-key");
  const existing = readKeyFile(file);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${key.toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  // Another process or module instance won the race: use its key. Its write may not have landed
  // yet (the file exists from open() on), so wait briefly for the complete content.
  for (let attempt = 0; attempt < 50; attempt++) {
    const winner = readKeyFile(file);
    if (winner) return winner;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  throw new Error(`${file} does not hold a ${KEY_BYTES}-byte base64 key`);
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const key = Buffer.from(text, "base64");
  if (key.length === KEY_BYTES) return key;
  // An empty file is a racing writer; anything else is damage a new key would make permanent.
  if (text === "") return null;
  throw new Error(
    `${file} does not hold a ${KEY_BYTES}-byte base64 key; restore it from a backup (credentials sealed with it cannot be read without it)`,
  );
}
