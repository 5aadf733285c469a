import "server-only";
// X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>. The legacy SHA-1 X-Hub-Signature
// is not accepted: GitHub always sends both, and SHA-1 would only weaken the check.
import { anyHmacMatches, decodeSignature } from "../crypto";
import { fail, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

const PREFIX = "sha256=";

export function verifyGithub(input: VerifyInput, secrets: readonly string[]): VerifyResult {
  const header = input.headers["x-hub-signature-256"];
  if (!header) {
    const legacy = input.headers["x-hub-signature"] ? " (the legacy SHA-1 X-Hub-Signature is not accepted)" : "";
    return fail("missing_signature", `X-Hub-Signature-256 header is missing${legacy}`);
  }
  const value = header.trim();
  if (!value.startsWith(PREFIX)) return fail("malformed", "X-Hub-Signature-256 header does not start with sha256=");
  const digest = decodeSignature(value.slice(PREFIX.length), "hex", "sha256");
  if (!digest || !anyHmacMatches("sha256", secrets, [input.rawBody], [digest])) {
    return fail("bad_signature", `X-Hub-Signature-256 does not match the body (checked ${secretCount(secrets)})`);
  }
  return OK;
}
