// Secrets at rest: AES-256-GCM, a random 12-byte IV per seal, sealed as the versioned text
// `v1.<iv>.<tag>.<ciphertext>` (base64url) so a later format or key can sit beside this one.
// `context` is bound as additional authenticated data: a ciphertext copied to another row (or
// another workspace) does not open there.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { secretKey } from "./secret-key";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(plaintext: string, context = ""): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function open(sealed: string, context = ""): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error(`Sealed secret is not in the ${VERSION} format`);
  const [iv, tag, ciphertext] = parts.slice(1).map(strictBase64Url);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) {
    throw new Error("Sealed secret is malformed (bad IV, tag or ciphertext encoding)");
  }
  const decipher = createDecipheriv("aes-256-gcm", secretKey(), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "Cannot decrypt a sealed secret: it was altered, or sealed with another key (HOOKLINE_SECRET_KEY or <data dir>/secret-key)",
    );
  }
}

// Node's decoder skips invalid characters and ignores trailing bits, so an edited last character
// could decode to the same bytes; only the canonical encoding is accepted.
function strictBase64Url(text: string): Buffer | null {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}
