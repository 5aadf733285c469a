// Credentials at rest: AES-256-GCM sealing, tamper and wrong-key detection, the generated key file.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type Box = typeof import("@/lib/crypto/secret-box");

const saved = { ...process.env };
const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

// lib/env caches the environment per module instance: load a fresh one for each configuration.
async function boxWith(vars: Record<string, string | undefined>): Promise<Box> {
  for (const k of [
    "HOOKLINE_SECRET_KEY",
    "HOOKLINE_DATA_DIR",
    "INNGEST_BASE_URL",
    "INNGEST_SIGNING_KEY",
    "INNGEST_DEV",
  ])
    delete process.env[k];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
  vi.resetModules();
  return import("@/lib/crypto/secret-box");
}

const replacePart = (sealed: string, index: number) => {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
};

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hookline-secret-box-"));
});
afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("seal / open", () => {
  it("round-trips text, including empty and non-ASCII text", async () => {
    const { seal, open } = await boxWith({ HOOKLINE_SECRET_KEY: keyA });
    for (const text of ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "", "zażółć 🔐 ".repeat(100)])
      expect(open(seal(text))).toBe(text);
  });

  it("produces the versioned format with a fresh IV on every seal", async () => {
    const { seal } = await boxWith({ HOOKLINE_SECRET_KEY: keyA });
    const [a, b] = [seal("same secret"), seal("same secret")];
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
    expect(a).not.toContain("same secret");
  });

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ])("refuses a change to %s", async (_, index) => {
    const { seal, open } = await boxWith({ HOOKLINE_SECRET_KEY: keyA });
    const sealed = seal("a secret worth protecting");
    expect(() => open(replacePart(sealed, index))).toThrow(/altered, or sealed with another key/);
  });

  it("refuses a non-canonical encoding, a truncated value and an unknown version", async () => {
    const { seal, open } = await boxWith({ HOOKLINE_SECRET_KEY: keyA });
    const sealed = seal("a secret");
    const parts = sealed.split(".");
    // The tag's last base64url character carries 4 unused bits: flipping one decodes to the same bytes.
    const tag = parts[2]!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sameBytes = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag.at(-1)!) ^ 1];
    expect(Buffer.from(sameBytes, "base64url").equals(Buffer.from(tag, "base64url"))).toBe(true);
    expect(() => open([parts[0], parts[1], sameBytes, parts[3]].join("."))).toThrow(/malformed/);
    expect(() => open(parts.slice(0, 3).join("."))).toThrow(/v1 format/);
    expect(() => open(`v2.${parts.slice(1).join(".")}`)).toThrow(/v1 format/);
  });

  it("binds the context: a value sealed for one row does not open for another", async () => {
    const { seal, open } = await boxWith({ HOOKLINE_SECRET_KEY: keyA });
    const sealed = seal("row secret", "credential:ws_1:cred_1");
    expect(open(sealed, "credential:ws_1:cred_1")).toBe("row secret");
    expect(() => open(sealed, "credential:ws_2:cred_1")).toThrow(/altered, or sealed with another key/);
    expect(() => open(sealed)).toThrow(/altered/);
  });

  it("cannot open with another key", async () => {
    const sealed = (await boxWith({ HOOKLINE_SECRET_KEY: keyA })).seal("secret under A");
    const { open } = await boxWith({ HOOKLINE_SECRET_KEY: keyB });
    expect(() => open(sealed)).toThrow(/sealed with another key/);
    expect((await boxWith({ HOOKLINE_SECRET_KEY: keyA })).open(sealed)).toBe("secret under A");
  });
});

describe("the generated key file (embedded mode, no HOOKLINE_SECRET_KEY)", () => {
  it("is created with mode 0600 on first use and reused afterwards", async () => {
    const sealed = (await boxWith({ HOOKLINE_DATA_DIR: dataDir })).seal("embedded secret");
    const file = path.join(dataDir, "secret-key");
    const stat = fs.statSync(file);
    if (process.platform !== "win32") expect(stat.mode & 0o777).toBe(0o600);
    const content = fs.readFileSync(file, "utf8");
    expect(Buffer.from(content.trim(), "base64")).toHaveLength(32);

    // A fresh module instance (another route bundle, a restart) reads the same key.
    expect((await boxWith({ HOOKLINE_DATA_DIR: dataDir })).open(sealed)).toBe("embedded secret");
    expect(fs.readFileSync(file, "utf8")).toBe(content);
  });

  it("uses the key another instance wrote first when it loses the race", async () => {
    const { readOrCreateKeyFile } = await import("@/lib/crypto/secret-key");
    const file = path.join(dataDir, "secret-key");
    const winner = randomBytes(32);
    // The other instance creates the file after this one found none: this one's "wx" write fails.
    const realRead = fs.readFileSync;
    const read = vi.spyOn(fs, "readFileSync").mockImplementationOnce(() => {
      fs.writeFileSync(file, winner.toString("base64"), { mode: 0o600 });
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    });
    try {
      expect(readOrCreateKeyFile(dataDir).equals(winner)).toBe(true);
      expect(read).toHaveBeenCalledTimes(2); // the stale look, then the re-read after EEXIST
    } finally {
      read.mockRestore();
    }
    expect(realRead(file, "utf8")).toBe(winner.toString("base64"));
    expect(readOrCreateKeyFile(dataDir).equals(winner)).toBe(true);
  });

  it("refuses a damaged key file instead of replacing it", async () => {
    fs.writeFileSync(path.join(dataDir, "secret-key"), "not a key\n");
    const { seal } = await boxWith({ HOOKLINE_DATA_DIR: dataDir });
    expect(() => seal("x")).toThrow(/does not hold a 32-byte base64 key/);
  });

  it("needs HOOKLINE_SECRET_KEY when an external Inngest runs the flows", async () => {
    const { seal } = await boxWith({ HOOKLINE_DATA_DIR: dataDir, INNGEST_BASE_URL: "http://127.0.0.1:8288" });
    expect(() => seal("x")).toThrow(/HOOKLINE_SECRET_KEY is not set/);
    expect(fs.existsSync(path.join(dataDir, "secret-key"))).toBe(false);
  });
});
