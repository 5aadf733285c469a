import "server-only";
// A shared token in a header or query parameter, compared in constant time with every accepted
// secret. In a header, an `Authorization: Bearer <token>` form is accepted as well. Also the
// presets of senders that sign nothing (Yotpo's custom endpoints, Spocket).
import { anySecretEquals } from "../crypto";
import { fail, OK, secretCount, type VerifyInput, type VerifyResult } from "../result";

const BEARER = /^bearer\s+/i;

export function verifyToken(
  input: VerifyInput,
  config: { in: "header" | "query"; name: string },
  secrets: readonly string[],
): VerifyResult {
  const where = config.in === "header" ? `${config.name} header` : `${config.name} query parameter`;
  const value = config.in === "header" ? input.headers[config.name.toLowerCase()] : input.query.get(config.name);
  if (!value) return fail("missing_signature", `${where} is missing`);
  const matched =
    anySecretEquals(value, secrets) ||
    (config.in === "header" && BEARER.test(value) && anySecretEquals(value.replace(BEARER, ""), secrets));
  return matched ? OK : fail("bad_signature", `${where} does not match (checked ${secretCount(secrets)})`);
}
