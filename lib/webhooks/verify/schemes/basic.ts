import "server-only";
// Authorization: Basic base64(username:password), the secret being the password. Username and
// password are both compared in constant time, and both always, so neither is probed alone.
import { anySecretEquals, secretEquals } from "../crypto";
import type { ConfigOf } from "../presets";
import { fail, missing, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

const BASIC = /^basic\s+/i;

export function verifyBasic(input: VerifyInput, config: ConfigOf<"basic">, secrets: readonly string[]): VerifyResult {
  const header = input.headers["authorization"];
  if (!header) return missing("Authorization");
  if (!BASIC.test(header)) return fail("malformed", "Authorization header is not Basic credentials");
  const decoded = Buffer.from(header.replace(BASIC, "").trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return fail("malformed", "Authorization header has no username:password pair");
  const userOk = secretEquals(decoded.slice(0, colon), config.username);
  const passwordOk = anySecretEquals(decoded.slice(colon + 1), secrets);
  return userOk && passwordOk
    ? OK
    : fail("bad_signature", `Authorization credentials do not match (checked ${secretCount(secrets)})`);
}
