// Webhook tokens are looked up by their SHA-256, never compared as strings.
import { createHash } from "node:crypto";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");
