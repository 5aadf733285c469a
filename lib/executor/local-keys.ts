// Embedded mode keeps the signed protocol of production: a signing key and an event key are
// generated into the data dir on first start (mode 0600) and reused afterwards.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type LocalKeys = { signingKey: string; eventKey: string };

export function localKeys(dataDir: string): LocalKeys {
  const file = path.join(dataDir, "embedded-inngest-keys.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LocalKeys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const keys: LocalKeys = {
    signingKey: `signkey-local-${randomBytes(32).toString("hex")}`,
    eventKey: randomBytes(24).toString("hex"),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify(keys), { flag: "wx", mode: 0o600 });
    return keys;
  } catch (e) {
    // Another module instance won the race: use its keys.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return JSON.parse(fs.readFileSync(file, "utf8")) as LocalKeys;
    throw e;
  }
}
